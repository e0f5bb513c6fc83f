using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Jobs;

/// <summary>
/// The waits of one Basic-tier key (50 status requests a minute, 200 a day) share one budget of status requests, over
/// real HTTP against the simulator: many concurrent waits never draw a 429, and a key whose day is nearly spent gets its
/// request_id back with the reason. The jobs are submitted while the key is unlimited (Basic allows 5 txt2audio
/// submissions a minute), then the key moves to Basic, so only the waits are measured.
/// </summary>
public sealed class StatusBudgetTests
{
    private const string StatusGroup = "request-status";
    private const string Client = "status-budget-tests";

    private static readonly McpHarnessSettings LongAudioJobs = new()
    {
        // A submission without progress hands its request_id back at once, so the waits are check_job_status's (with progress).
        Configuration = new Dictionary<string, string?>
        {
            [$"Mcp:ClientWaitBudgets:{Client}:WithoutProgress"] = "00:00:00.100",
            [$"Mcp:ClientWaitBudgets:{Client}:WithProgress"] = "00:02:00",
        },
        JobDurations = new Dictionary<JobKind, TimeSpan> { [JobKind.Audio] = TimeSpan.FromSeconds(6) },
    };

    [Fact]
    public async Task Twenty_concurrent_waits_on_one_basic_key_draw_no_429_and_each_returns_its_result_or_request_id()
    {
        await using var harness = await McpServerHarness.StartAsync(LongAudioJobs);
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key, McpProtocol.Modern, clientName: Client);
        var requestIds = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SubmitAsync(client)));
        harness.Simulator.Accounts.SetTier(key, RateTier.Basic);

        var results = await Task.WhenAll(requestIds.Select(id => WaitAsync(client, id, waitSeconds: 120)));

        var statusAnswers = harness.RequestsBy(key, DryApiOperations.RequestStatus).Select(entry => entry.StatusCode).ToList();
        Assert.DoesNotContain(429, statusAnswers);
        Assert.True(statusAnswers.Count <= 200, $"{statusAnswers.Count} status requests exceed the day's 200.");
        foreach (var (requestId, result) in requestIds.Zip(results))
        {
            Assert.True(result.IsError is null or false, result.Text());
            Assert.Equal(requestId, result.StructuredContent!.Value.GetProperty("request_id").GetString());
        }

        Assert.All(results, result => Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_wait_that_would_spend_the_days_last_status_requests_returns_the_request_id_and_says_why()
    {
        await using var harness = await McpServerHarness.StartAsync(LongAudioJobs);
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key, McpProtocol.Modern, clientName: Client);
        var requestId = await SubmitAsync(client);
        harness.Simulator.Accounts.SetTier(key, RateTier.Basic);
        harness.Simulator.SpendDailyLimit(key, StatusGroup, 200 - 8);

        var result = await WaitAsync(client, requestId, waitSeconds: 120);

        Assert.True(result.IsError is null or false, result.Text());
        var outcome = result.StructuredContent!.Value;
        Assert.Equal(requestId, outcome.GetProperty("request_id").GetString());
        Assert.False(outcome.GetProperty("finished").GetBoolean());
        Assert.Contains("5 of its 200 remain until midnight UTC", result.Text(), StringComparison.Ordinal);
        Assert.Contains("check_job_status", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(harness.RequestsBy(key, DryApiOperations.RequestStatus), entry => entry.StatusCode == 429);

        // The reserve is there for check_job_status: a look without waiting still gets an answer.
        var look = await client.CallToolAsync(
            "check_job_status", new Dictionary<string, object?> { ["request_id"] = requestId }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(look.IsError is null or false, look.Text());
        Assert.Equal(requestId, look.StructuredContent!.Value.GetProperty("request_id").GetString());
    }

    private static async Task<string> SubmitAsync(McpClient client)
    {
        var submitted = await client.CallToolAsync(
            "text_to_audio", ToolSamples.TextToAudio("mp3"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(submitted.IsError is null or false, submitted.Text());
        return submitted.StructuredContent!.Value.GetProperty("request_id").GetString()!;
    }

    /// <summary>check_job_status with wait_seconds, asking for progress so the client's longer wait budget applies.</summary>
    private static Task<CallToolResult> WaitAsync(McpClient client, string requestId, int waitSeconds) =>
        client.CallToolAsync(
            "check_job_status",
            new Dictionary<string, object?> { ["request_id"] = requestId, ["wait_seconds"] = waitSeconds },
            new Progress<ProgressNotificationValue>(),
            cancellationToken: TestContext.Current.CancellationToken).AsTask();
}
