using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests;

/// <summary>
/// A job that outlasts the wait budget of a call without progress: the tool hands back the request_id, and
/// check_job_status picks the job up later. Each test runs a host of its own with a half-second budget.
/// </summary>
public sealed class WaitBudgetTests
{
    private static readonly McpHarnessSettings HalfSecondBudget = new()
    {
        Configuration = new Dictionary<string, string?> { ["Mcp:WaitBudget"] = "00:00:00.500" },
        JobDurations = new Dictionary<JobKind, TimeSpan> { [JobKind.Image] = TimeSpan.FromSeconds(2.5) },
    };

    private static readonly string[] RunningStatuses = ["pending", "processing"];

    [Fact]
    public async Task Stuck_job_is_handed_back_with_its_request_id_when_the_budget_runs_out()
    {
        await using var harness = await McpServerHarness.StartAsync(HalfSecondBudget);
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobStuck) { ApiKey = key });
        await using var client = await harness.ConnectAsync(key);

        var started = DateTimeOffset.UtcNow;
        var result = await CallAsync(client, "text_to_image", ToolSamples.TextToImage());

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(5), "The call did not return at the end of its budget.");
        var requestId = AssertHandedBack(result);
        var later = await CallAsync(client, "check_job_status", new() { ["request_id"] = requestId });
        Assert.Equal(requestId, AssertHandedBack(later));
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Fact]
    public async Task Long_job_handed_back_is_finished_later_by_check_job_status()
    {
        await using var harness = await McpServerHarness.StartAsync(HalfSecondBudget);
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);

        var requestId = AssertHandedBack(await CallAsync(client, "text_to_image", ToolSamples.TextToImage()));

        JsonElement status;
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        do
        {
            var checkedResult = await CallAsync(client, "check_job_status", new() { ["request_id"] = requestId, ["wait_seconds"] = 1 });
            Assert.True(checkedResult.IsError is null or false, checkedResult.Text());
            status = checkedResult.StructuredContent!.Value;
        }
        while (status.GetProperty("status").GetString() != "done" && DateTimeOffset.UtcNow < deadline);

        Assert.Equal("done", status.GetProperty("status").GetString());
        Assert.Equal(requestId, status.GetProperty("request_id").GetString());
        using var download = new HttpClient();
        var bytes = await download.GetByteArrayAsync(new Uri(status.GetProperty("result_url").GetString()!), TestContext.Current.CancellationToken);
        Assert.True(MediaSignature.Matches(ResultKind.Png, bytes), MediaSignature.Describe(bytes));
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    /// <summary>Asserts the result says the job is still running and how to continue; returns its request_id.</summary>
    private static string AssertHandedBack(CallToolResult result)
    {
        Assert.True(result.IsError is null or false, result.Text());
        var outcome = result.StructuredContent!.Value;
        var requestId = outcome.GetProperty("request_id").GetString();
        Assert.False(string.IsNullOrEmpty(requestId));
        Assert.Contains(outcome.GetProperty("status").GetString(), RunningStatuses);
        Assert.False(outcome.GetProperty("finished").GetBoolean());
        Assert.Contains("check_job_status", result.Text(), StringComparison.Ordinal);
        Assert.Contains(requestId, result.Text(), StringComparison.Ordinal);
        return requestId;
    }

    private static async Task<CallToolResult> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments) =>
        await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
}
