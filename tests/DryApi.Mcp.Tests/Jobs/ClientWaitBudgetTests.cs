using System.Diagnostics;
using DryApi.Client.Contract;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Jobs;

/// <summary>
/// Each call waits for its job only as long as its client allows (Mcp:ClientWaitBudgets, found by clientInfo or
/// User-Agent), and an unknown client gets Mcp:WaitBudget whether or not it asked for progress.
/// </summary>
public sealed class ClientWaitBudgetTests
{
    private static readonly McpHarnessSettings Budgets = new()
    {
        Configuration = new Dictionary<string, string?>
        {
            ["Mcp:WaitBudget"] = "00:00:00.500",
            ["Mcp:ClientWaitBudgets:claude-code:WithProgress"] = "00:00:20",
            ["Mcp:ClientWaitBudgets:claude-code:WithoutProgress"] = "00:00:00.500",
        },
        JobDurations = new Dictionary<JobKind, TimeSpan> { [JobKind.Image] = TimeSpan.FromSeconds(2) },
    };

    private static readonly Dictionary<string, ClientWaitBudget> Known = new McpHostOptions().ClientWaitBudgets;

    [Theory]
    [InlineData("claude-ai", null, "claude-ai")]
    [InlineData("claude-ai (via mcp-remote 0.1.38)", null, "claude-ai")]
    [InlineData("Visual Studio Code - Insiders", null, "Visual Studio Code")]
    [InlineData("visual studio code", null, "Visual Studio Code")]
    [InlineData(null, "claude-code/2.1.319 (external, cli)", "claude-code")]
    [InlineData(null, "Claude-User", "claude-ai")]
    [InlineData(null, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot", "openai-mcp")]
    [InlineData(null, "ChatGPT-User/1.0", "openai-mcp")]
    [InlineData("my-agent", "codex-mcp-client/0.47.0", "codex-mcp-client")]
    [InlineData("claude-aix", "node", null)]
    [InlineData(null, null, null)]
    public void A_client_is_known_by_its_clientInfo_name_or_its_user_agent(string? clientName, string? userAgent, string? expected) =>
        Assert.Equal(expected, ClientWaitBudgets.Find(Known, clientName, userAgent)?.Key);

    [Fact]
    public async Task An_unknown_client_asking_for_progress_gets_the_request_id_within_the_short_budget()
    {
        await using var harness = await McpServerHarness.StartAsync(Budgets);
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key, McpProtocol.InitializeEra[^1]);

        var (result, took) = await CallAsync(client, withProgress: true);

        AssertHandedBack(result);
        Assert.True(took < TimeSpan.FromSeconds(1.8), $"An unknown client waited {took} on a 2-second job with a 0.5-second budget.");
    }

    [Fact]
    public async Task Claude_code_by_its_user_agent_waits_for_the_job_when_it_asked_for_progress()
    {
        await using var harness = await McpServerHarness.StartAsync(Budgets);
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key, McpProtocol.InitializeEra[^1], userAgent: "claude-code/2.1.319 (external, cli)");

        var (result, _) = await CallAsync(client, withProgress: true);

        Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Claude_code_without_progress_gets_its_shorter_budget()
    {
        await using var harness = await McpServerHarness.StartAsync(Budgets);
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key, McpProtocol.InitializeEra[^1], userAgent: "claude-code/2.1.319");

        var (result, _) = await CallAsync(client, withProgress: false);

        AssertHandedBack(result);
    }

    [Fact]
    public async Task On_the_modern_revision_the_clientInfo_in_the_request_names_the_client()
    {
        await using var harness = await McpServerHarness.StartAsync(Budgets);
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key, McpProtocol.Modern, clientName: "claude-code");

        var (result, _) = await CallAsync(client, withProgress: true);

        Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_budget_counts_from_the_call_not_from_the_submission()
    {
        // A job tool's call spends time before its wait (model choice, files, the quote, submission); the client's timer
        // ran all along. With a 1-second budget and a simulator that holds each submission for 1.5 s, nothing is left to wait.
        await using var harness = await McpServerHarness.StartAsync(Budgets with
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:WaitBudget"] = "00:00:01" },
        });
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Slow) { ApiKey = key, PathContains = "txt2img", Delay = TimeSpan.FromSeconds(1.5) });
        await using var client = await harness.ConnectAsync(key, McpProtocol.InitializeEra[^1]);

        var (result, took) = await CallAsync(client, withProgress: false);

        AssertHandedBack(result);
        Assert.True(took < TimeSpan.FromSeconds(2.2), $"The call took {took}: its wait began its budget after the 1.5-second submission.");
        Assert.DoesNotContain(harness.RequestsBy(key), request => request.Path.Contains("request-status", StringComparison.Ordinal));
    }

    private static async Task<(CallToolResult Result, TimeSpan Took)> CallAsync(McpClient client, bool withProgress)
    {
        var started = Stopwatch.StartNew();
        var result = await client.CallToolAsync(
            "text_to_image", ToolSamples.TextToImage(), withProgress ? new ProgressRecorder() : null,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.IsError is null or false, result.Text());
        return (result, started.Elapsed);
    }

    private static void AssertHandedBack(CallToolResult result)
    {
        var outcome = result.StructuredContent!.Value;
        Assert.False(outcome.GetProperty("finished").GetBoolean(), result.Text());
        Assert.Contains(outcome.GetProperty("request_id").GetString()!, result.Text(), StringComparison.Ordinal);
        Assert.Contains("check_job_status", result.Text(), StringComparison.Ordinal);
    }
}
