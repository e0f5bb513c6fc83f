using System.Diagnostics;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;

namespace DryApi.Mcp.Tests.Shutdown;

/// <summary>
/// The server as a real process stopped with SIGTERM while job tool calls are in flight: each call still returns its
/// request_id and status, a submission on the wire finishes first, and the process exits within the drain bound.
/// </summary>
public sealed class SigtermTests
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SlowSubmission = TimeSpan.FromSeconds(2);

    // The process's own exit (host disposal, runtime shutdown) after the drain.
    private static readonly TimeSpan ExitOverhead = TimeSpan.FromSeconds(2);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_SIGTERM_every_call_in_flight_returns_its_request_id_and_the_process_exits_within_the_drain_bound()
    {
        await using var scenario = await ShutdownScenario.StartAsync();
        await using var server = await ServerProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["DryApi__BaseUrl"] = scenario.Simulator.BaseAddress.ToString(),
                ["Mcp__ShutdownTimeout"] = "00:00:05",
            },
            CancellationToken);
        foreach (var tool in ShutdownScenario.WaitingTools)
        {
            var key = scenario.NewKey();
            await scenario.StartAsync(tool, key, await server.ConnectAsync(key, CancellationToken));
        }

        await scenario.AllSubmittedAsync();
        var slowKey = scenario.NewKey();
        scenario.Simulator.Faults.Add(new FaultRule(FaultKind.Slow) { ApiKey = slowKey, PathContains = "txt2music", Delay = SlowSubmission });
        var onTheWire = await scenario.StartAsync("text_to_music", slowKey, await server.ConnectAsync(slowKey, CancellationToken));
        await Waits.UntilAsync(() => scenario.SubmissionsOf(onTheWire) is [{ StatusCode: 0 }], "the music submission to reach dryAPI");

        var stopping = Stopwatch.StartNew();
        await server.TerminateAsync(CancellationToken);
        await Waits.UntilAsync(
            () => server.Output.Any(line => line.Contains("Application is shutting down", StringComparison.Ordinal)), "the server to begin stopping");
        var latecomerKey = scenario.NewKey();
        var latecomer = await Record.ExceptionAsync(async () =>
        {
            await using var client = await server.ConnectAsync(latecomerKey, CancellationToken);
            await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);
        });
        var exited = await server.ExitsWithinAsync(ShutdownTimeout + ExitOverhead, CancellationToken);
        stopping.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"SIGTERM with {scenario.Calls.Count} calls in flight (one submission on the wire): exited in {stopping.Elapsed.TotalSeconds:0.00} s");
        var context = $"exited: {exited} after {stopping.Elapsed}\nserver output:\n{string.Join('\n', server.Output)}";
        Assert.True(exited, context);
        Assert.True(server.ExitCode == 0, context);
        foreach (var call in scenario.Calls)
        {
            Assert.True(call.Result.IsCompletedSuccessfully, $"{call.Tool} did not answer.\n{context}");
            await scenario.AssertHandedBackAsync(call, await call.Result);
        }

        // The submission on the wire was not cut: it finished (2 s) before its call answered.
        Assert.InRange(stopping.Elapsed, SlowSubmission - TimeSpan.FromSeconds(1), ShutdownTimeout + ExitOverhead);
        Assert.NotNull(latecomer);
        Assert.Empty(scenario.RequestsBy(latecomerKey));
        var secrets = scenario.Calls.Select(call => call.Key[(call.Key.IndexOf('|', StringComparison.Ordinal) + 1)..]).ToList();
        Assert.DoesNotContain(server.Output, line => secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)));
    }
}
