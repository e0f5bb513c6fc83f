using System.Text.Json;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Replicas;

/// <summary>Redis is a help, never a dependency: killed mid-run, every replica goes on serving calls alone.</summary>
public sealed class BackplaneOutageTests
{
    [Fact]
    public async Task With_redis_killed_mid_run_calls_on_every_replica_complete_and_readyz_shows_the_backplane_degraded()
    {
        await using var replicas = await ReplicaSet.StartAsync();
        var key = replicas.NewKey();
        using var http = new HttpClient();
        var before = await CrossReplicaTests.PostAsync(http, replicas, CrossReplicaTests.ToolCall("text_to_image", ToolSamples.TextToImage(), id: 1), key);

        replicas.Redis.Kill();
        var after = new List<CrossReplicaTests.Answer>();
        for (var id = 2; id <= 4; id++)
        {
            after.Add(await CrossReplicaTests.PostAsync(http, replicas, CrossReplicaTests.ToolCall("text_to_image", ToolSamples.TextToImage($"a kite {id}"), id), key));
        }

        var readiness = await Task.WhenAll(replicas.Replicas.Select(replica => http.GetAsync(new Uri(replica.ServerUri, "readyz"), TestContext.Current.CancellationToken)));

        Assert.Contains("\"done\"", before.Body, StringComparison.Ordinal);
        Assert.Equal(3, after.Select(answer => answer.ServedBy).Distinct().Count());
        Assert.All(after, answer => Assert.Contains("\"status\":\"done\"", answer.Body, StringComparison.Ordinal));
        foreach (var answer in readiness)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
            using var report = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal("Degraded", report.RootElement.GetProperty("checks").GetProperty("backplane").GetProperty("status").GetString());
        }

        Assert.All(replicas.Replicas, replica => Assert.Contains(replica.Logs.Lines, line => line.Contains("The Redis backplane is unavailable", StringComparison.Ordinal)));
    }
}
