using System.Net;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>What dryAPI checks before the parameters: JSON clients only, a known key, an account in good standing, a known route.</summary>
public sealed class GatekeeperTests
{
    [Fact]
    public async Task ClientThatDoesNotAskForJsonIsRedirectedWithHtml()
    {
        await using var simulator = await Simulators.StartAsync(null, Simulators.Key("1|k"));
        using var client = new ApiClient(simulator.BaseAddress, "1|k", acceptJson: false);

        var response = await client.GetAsync("balance");

        Assert.Equal(HttpStatusCode.Found, response.Status);
        Assert.Equal("text/html", response.ContentType);
        Assert.EndsWith("/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Null(response.Json);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2|not-a-known-key")]
    public async Task MissingOrUnknownKeyIsUnauthorized(string? key)
    {
        await using var simulator = await Simulators.StartAsync(null, Simulators.Key("1|k"));
        using var client = new ApiClient(simulator.BaseAddress, key);

        var response = await client.GetAsync("balance");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("""{"data":null,"message":"Unauthorized user.","errors":[],"statusCode":401}""", response.Text);
    }

    [Fact]
    public async Task SuspendedAccountIsForbidden()
    {
        await using var simulator = await Simulators.StartAsync(null, Simulators.Key("1|k", suspended: true));
        using var client = new ApiClient(simulator.BaseAddress, "1|k");

        var response = await client.GetAsync("balance");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("Your account has been suspended.", response.Json!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeysAddedOrSuspendedWhileRunningTakeEffectAtOnce()
    {
        await using var simulator = await Simulators.StartAsync();
        using var client = new ApiClient(simulator.BaseAddress, "5|late");

        var before = await client.GetAsync("balance");
        simulator.Accounts.Add("5|late", 2m);
        var added = await client.GetAsync("balance");
        simulator.Accounts.SetSuspended("5|late", true);
        var suspended = await client.GetAsync("balance");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Forbidden], [before.Status, added.Status, suspended.Status]);
        Assert.True(simulator.Accounts.Contains("5|late"));
    }

    [Fact]
    public async Task UnknownRouteIsNotFoundAndWrongVerbIsNotAllowed()
    {
        await using var simulator = await Simulators.StartAsync(null, Simulators.Key("1|k"));
        using var client = new ApiClient(simulator.BaseAddress, "1|k");

        var unknown = await client.GetAsync("txt2everything");
        var wrongVerb = await client.GetAsync("txt2img");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongVerb.Status);
        Assert.Contains("Supported methods: POST", wrongVerb.Json!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
