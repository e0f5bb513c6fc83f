using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Shutdown;

/// <summary>
/// The drain itself, on an in-process host whose stop has begun (<c>IHostApplicationLifetime.StopApplication</c>) while
/// Kestrel still serves: waiting calls answer at once with their handle, new requests get 503, and a call that has not
/// submitted yet submits nothing.
/// </summary>
public sealed class DrainTests
{
    private const string Client = "drain-tests";

    private static readonly McpHarnessSettings JobsThatOutlastTheTest = McpHarnessSettings.Default with
    {
        // This test's client waits up to 4 minutes with a progress token; without one, 1 second (to get a request_id to follow).
        Configuration = new Dictionary<string, string?>
        {
            [$"Mcp:ClientWaitBudgets:{Client}:WithProgress"] = "00:04:00",
            [$"Mcp:ClientWaitBudgets:{Client}:WithoutProgress"] = "00:00:01",
        },
        JobDurations = Enum.GetValues<JobKind>().ToDictionary(kind => kind, _ => TimeSpan.FromHours(1)),
    };

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_the_server_begins_stopping_every_waiting_call_answers_at_once_with_its_request_id_and_new_requests_get_503()
    {
        await using var harness = await McpServerHarness.StartAsync(JobsThatOutlastTheTest);
        var waiting = new List<(string Tool, string Key, Task<CallToolResult> Result)>();
        foreach (var tool in ShutdownScenario.WaitingTools)
        {
            var key = harness.NewKey();
            var client = await harness.ConnectAsync(key, McpProtocol.Modern, clientName: Client);
            var arguments = await ToolSamples.All[tool].Arguments(client);
            waiting.Add((tool, key, client.CallToolAsync(tool, arguments, new ProgressRecorder(), cancellationToken: CancellationToken).AsTask()));
        }

        var followerKey = harness.NewKey();
        var follower = await harness.ConnectAsync(followerKey, McpProtocol.Modern, clientName: Client);
        var handle = await follower.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);
        var requestId = handle.StructuredContent!.Value.GetProperty("request_id").GetString();
        var pollsBefore = harness.RequestsBy(followerKey, DryApiOperations.RequestStatus).Count;
        var following = follower.CallToolAsync(
            "check_job_status", new Dictionary<string, object?> { ["request_id"] = requestId, ["wait_seconds"] = 120 }, new ProgressRecorder(),
            cancellationToken: CancellationToken).AsTask();
        await Waits.UntilAsync(
            () => waiting.All(call => harness.SubmissionsBy(call.Key).Any(entry => entry.StatusCode == 200))
                  && harness.RequestsBy(followerKey, DryApiOperations.RequestStatus).Count >= pollsBefore + 2,
            "every job to be submitted and followed");

        var stopping = Stopwatch.StartNew();
        harness.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var results = await Task.WhenAll(waiting.Select(call => call.Result)).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken);
        var followed = await following.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken);
        stopping.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Stop began with {waiting.Count + 1} calls waiting: all answered in {stopping.Elapsed.TotalSeconds:0.00} s");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2), $"The calls answered {stopping.Elapsed} after the stop began.");
        foreach (var ((tool, key, _), result) in waiting.Zip(results))
        {
            var context = $"{tool}: {result.Text()}";
            Assert.True(result.IsError != true, context);
            var submitted = harness.SubmissionsBy(key).Where(entry => entry.OperationId == ToolSamples.All[tool].Operation.Contract.OperationId).ToList();
            Assert.Single(submitted);
            Assert.False(string.IsNullOrEmpty(result.StructuredContent!.Value.GetProperty("request_id").GetString()), context);
            Assert.Contains("restarting", result.Text(), StringComparison.Ordinal);
        }

        Assert.True(followed.IsError != true, followed.Text());
        Assert.Equal(requestId, followed.StructuredContent!.Value.GetProperty("request_id").GetString());
        Assert.Contains("restarting", followed.Text(), StringComparison.Ordinal);

        var latecomerKey = harness.NewKey();
        using var http = new HttpClient();
        var call = RawMcpRequest.Call("tools/call", new JsonObject { ["name"] = "text_to_image", ["arguments"] = JsonNode.Parse("{\"prompt\":\"a fox\"}") });
        using var refused = await http.SendAsync(
            RawMcpRequest.Post(harness.Endpoint, call, latecomerKey, new Dictionary<string, string> { ["MCP-Protocol-Version"] = RawMcpRequest.Legacy }),
            CancellationToken);
        var body = await refused.Content.ReadAsStringAsync(CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("shutting down", JsonNode.Parse(body)!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(harness.RequestsBy(latecomerKey));
    }

    [Fact]
    public async Task A_call_that_has_not_submitted_its_job_when_the_stop_begins_submits_nothing_and_says_so()
    {
        await using var harness = await McpServerHarness.StartAsync(JobsThatOutlastTheTest);
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Slow) { ApiKey = key, PathContains = "models", Delay = TimeSpan.FromSeconds(1) });
        await using var client = await harness.ConnectAsync(key, McpProtocol.Modern, clientName: Client);
        var call = client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), new ProgressRecorder(), cancellationToken: CancellationToken).AsTask();
        await Waits.UntilAsync(
            () => harness.RequestsBy(key, DryApiOperations.Models) is [{ StatusCode: 0 }, ..], "the call to be reading the model list");

        harness.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken);

        Assert.True(result.IsError, result.Text());
        Assert.Contains("nothing was submitted", result.Text(), StringComparison.Ordinal);
        Assert.Empty(harness.SubmissionsBy(key));
    }
}
