using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>The <c>/_sim/</c> HTTP API, for driving a simulator that runs in another process.</summary>
public sealed class ControlApiTests
{
    [Fact]
    public async Task FaultsKeysAndJournalCanBeManagedOverHttp()
    {
        await using var simulator = await Simulators.StartAsync();
        using var control = new HttpClient { BaseAddress = simulator.BaseAddress };
        var cancellationToken = TestContext.Current.CancellationToken;

        var addKey = await control.PostAsJsonAsync("_sim/keys", new { key = "7|added", balance = 3.5, tier = "Premium" }, cancellationToken);
        using var client = new ApiClient(simulator.BaseAddress, "7|added");
        var balance = await client.GetAsync("balance");
        var addFault = await control.PostAsJsonAsync("_sim/faults", new { kind = "Status", statusCode = 503, count = (int?)null }, cancellationToken);
        var faulted = await client.GetAsync("balance");
        var clearFaults = await control.DeleteAsync("_sim/faults", cancellationToken);
        var healed = await client.GetAsync("balance");
        var journal = JsonNode.Parse(await control.GetStringAsync("_sim/requests", cancellationToken))!.AsArray();
        var clearJournal = await control.DeleteAsync("_sim/requests", cancellationToken);

        Assert.All([addKey, addFault, clearFaults, clearJournal], r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal("""{"balance":3.5}""", balance.Text);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.Status);
        Assert.Equal(HttpStatusCode.OK, healed.Status);
        Assert.Equal([200, 503, 200], journal.Select(e => e!["statusCode"]!.GetValue<int>()));
        Assert.Equal("/api/v1/client/balance", journal[0]!["path"]!.GetValue<string>());
        Assert.Empty(simulator.Journal.Entries);
    }

    [Fact]
    public async Task MalformedControlRequestIsRefused()
    {
        await using var simulator = await Simulators.StartAsync();
        using var control = new HttpClient { BaseAddress = simulator.BaseAddress };

        var response = await control.PostAsync("_sim/faults", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
