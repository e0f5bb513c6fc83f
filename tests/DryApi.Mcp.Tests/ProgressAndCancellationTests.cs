using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;

namespace DryApi.Mcp.Tests;

/// <summary>A job tool's wait as the client sees it: progress notifications while it runs, and cancellation.</summary>
public sealed class ProgressAndCancellationTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Job_tool_reports_dryApis_percentages_to_the_client(string version)
    {
        var key = harness.NewKey();
        var progress = new ProgressRecorder();
        await using var client = await harness.ConnectAsync(key, version);

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), progress, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError is null or false, result.Text());
        var requestId = result.StructuredContent!.Value.GetProperty("request_id").GetString()!;

        // The server sends one notification at submission and one per poll, the last (100) just before the result.
        // The SDK's client hands each message to the thread pool and stops listening when the result is in, so the
        // last notifications can be dropped or reordered on its side; the exact sequence is checked on the wire below.
        var polls = harness.RequestsBy(key, DryApiOperations.RequestStatus).Count;
        var reports = progress.Reports;
        var percentages = reports.Select(report => report.Progress).Order().ToList();
        Assert.True(reports.Count >= 3, $"Only {reports.Count} progress notifications for {polls} polls: {string.Join(", ", percentages)}");
        Assert.InRange(reports.Count, 3, polls + 1);
        Assert.All(reports, report => Assert.Equal(100, report.Total));
        Assert.All(reports, report => Assert.Contains(requestId, report.Message, StringComparison.Ordinal));
        Assert.Contains(percentages, percent => percent is > 0 and < 100);
        Assert.All(percentages, percent => Assert.InRange(percent, 0, 100));
    }

    [Fact]
    public async Task Progress_events_on_the_wire_rise_to_100_before_the_result()
    {
        var key = harness.NewKey();
        var parameters = new JsonObject
        {
            ["name"] = "text_to_image",
            ["arguments"] = JsonSerializer.SerializeToNode(ToolSamples.TextToImage()),
            ["_meta"] = new JsonObject { ["progressToken"] = "wire-progress" },
        };
        using var request = RawMcpRequest.Post(harness.Endpoint, RawMcpRequest.Call("tools/call", parameters), key,
            new Dictionary<string, string> { ["MCP-Protocol-Version"] = RawMcpRequest.Legacy });
        using var http = new HttpClient();

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var events = RawMcpRequest.Events(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ToList();

        var resultAt = events.FindIndex(message => message?["result"] is not null);
        var progress = events.Take(resultAt)
            .Where(message => message?["method"]?.GetValue<string>() == "notifications/progress")
            .Select(message => message!["params"]!)
            .ToList();
        Assert.True(resultAt > 0, "No result after the progress events.");
        Assert.All(progress, notification => Assert.Equal("wire-progress", notification["progressToken"]?.GetValue<string>()));
        var percentages = progress.Select(notification => notification["progress"]!.GetValue<double>()).ToList();
        Assert.Equal(harness.RequestsBy(key, DryApiOperations.RequestStatus).Count + 1, percentages.Count);
        Assert.Equal(percentages.Order(), percentages);
        Assert.Contains(percentages, percent => percent is > 0 and < 100);
        Assert.Equal(100, percentages[^1]);
        Assert.Equal("done", events[resultAt]!["result"]!["structuredContent"]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2026-07-28")]
    public async Task Cancelling_a_call_stops_polling(string version)
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobStuck) { ApiKey = key });
        await using var client = await harness.ConnectAsync(key, version);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var call = client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: cancellation.Token).AsTask();
        await WaitUntilAsync(() => Polls(key) >= 2);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Task.Delay(TimeSpan.FromMilliseconds(400), TestContext.Current.CancellationToken);
        var pollsAfterGrace = Polls(key);
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        Assert.Equal(pollsAfterGrace, Polls(key));
    }

    [Theory]
    [InlineData(RawMcpRequest.Legacy)]
    [InlineData(RawMcpRequest.Modern)]
    public async Task Cancelled_notification_on_another_post_stops_the_callers_call(string version)
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobStuck) { ApiKey = key });
        using var http = new HttpClient();

        var call = SendToolCallAsync(http, key, version, id: 7);
        await WaitUntilAsync(() => Polls(key) >= 2);
        using var cancelled = await SendCancelledAsync(http, key, version, id: 7);
        var answer = await call.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        Assert.DoesNotContain(RawMcpRequest.Events(answer), message => message?["result"] is not null);
        await Task.Delay(TimeSpan.FromMilliseconds(400), TestContext.Current.CancellationToken);
        var pollsAfterGrace = Polls(key);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Equal(pollsAfterGrace, Polls(key));
    }

    [Fact]
    public async Task Cancelled_notification_from_another_caller_does_not_stop_the_call()
    {
        var key = harness.NewKey();
        using var http = new HttpClient();

        var call = SendToolCallAsync(http, key, RawMcpRequest.Legacy, id: 8);
        await WaitUntilAsync(() => Polls(key) >= 1);
        using var cancelled = await SendCancelledAsync(http, harness.NewKey(), RawMcpRequest.Legacy, id: 8);
        var answer = await call;

        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        Assert.Equal("done", RawMcpRequest.ResponseMessage(answer, "text/event-stream")?["result"]?["structuredContent"]?["status"]?.GetValue<string>());
    }

    private async Task<string> SendToolCallAsync(HttpClient http, string key, string version, int id)
    {
        var modern = version == RawMcpRequest.Modern;
        var parameters = new JsonObject { ["name"] = "text_to_image", ["arguments"] = JsonSerializer.SerializeToNode(ToolSamples.TextToImage()) };
        using var request = RawMcpRequest.Post(harness.Endpoint, RawMcpRequest.Call("tools/call", parameters, modern ? version : null, id), key,
            modern ? RawMcpRequest.ModernHeaders("tools/call", "text_to_image") : new Dictionary<string, string> { ["MCP-Protocol-Version"] = version });
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private async Task<HttpResponseMessage> SendCancelledAsync(HttpClient http, string key, string version, int id)
    {
        var notification = RawMcpRequest.Notification("notifications/cancelled");
        notification["params"] = new JsonObject { ["requestId"] = id, ["reason"] = "The user gave up." };
        using var request = RawMcpRequest.Post(harness.Endpoint, notification, key, version == RawMcpRequest.Modern
            ? RawMcpRequest.ModernHeaders("notifications/cancelled")
            : new Dictionary<string, string> { ["MCP-Protocol-Version"] = version });
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private int Polls(string key) => harness.RequestsBy(key, DryApiOperations.RequestStatus).Count;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
