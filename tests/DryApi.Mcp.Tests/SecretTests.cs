using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;

namespace DryApi.Mcp.Tests;

/// <summary>
/// No log line of the host, at any level, contains a caller's API key. Every harness also checks this for all the
/// keys of its test class when it stops; this test drives the paths most likely to leak one, on a host of its own.
/// </summary>
public sealed class SecretTests
{
    [Fact]
    public async Task Keys_never_appear_in_the_hosts_logs_on_success_or_failure()
    {
        await using var harness = await McpServerHarness.StartAsync(McpHarnessSettings.Default);
        var working = harness.NewKey();
        var broke = harness.NewKey(balance: 0m);
        var suspended = harness.NewKey(suspended: true);
        var failing = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobError) { ApiKey = failing });
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.DropAfterHandling) { ApiKey = failing, PathContains = "txt2img" });
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = failing, StatusCode = 500, PathContains = "balance", Count = null });

        foreach (var (key, version) in new[]
                 {
                     (working, "2025-03-26"), (working, "2026-07-28"), (broke, "2025-11-25"), (suspended, "2026-07-28"),
                     (failing, "2025-06-18"), (failing, "2026-07-28"), (harness.UnknownKey(), "2025-11-25"), (harness.UnknownKey(), "2026-07-28"),
                 })
        {
            await using var client = await harness.ConnectAsync(key, version);
            foreach (var tool in new[] { "get_balance", "text_to_image", "image_remove_background_price" })
            {
                await client.CallToolAsync(tool, await ToolSamples.All[tool].Arguments(client), cancellationToken: TestContext.Current.CancellationToken);
            }

            await client.CallToolAsync("text_to_image", new Dictionary<string, object?> { ["colour"] = "red" }, cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.Contains(harness.Logs.Lines, line => line.StartsWith("Trace ", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Lines, line => line.StartsWith("Debug DryApi.Client", StringComparison.Ordinal));
        Assert.Empty(harness.LinesRevealingKeys());
    }
}
