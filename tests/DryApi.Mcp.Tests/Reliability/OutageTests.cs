using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Reliability;

/// <summary>
/// dryAPI goes away and comes back at the same address. While it is down, the circuit breaker makes calls fail at once
/// with a message that says so, and submits nothing; when it is back, calls succeed again without a restart. The
/// outage lasts <c>DRYAPI_OUTAGE_SECONDS</c> (default 4; the documented run uses 60).
/// </summary>
public sealed class OutageTests(ITestOutputHelper output)
{
    private const int FailuresToOpen = 2;
    private const string Refused = "has not answered the last 2 requests";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(1);

    /// <summary>A refused call must fail this fast; without the breaker a read fails after 4 timeouts and 3 backoffs.</summary>
    private static readonly TimeSpan FailFast = TimeSpan.FromMilliseconds(300);

    private static TimeSpan OutageLength =>
        TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("DRYAPI_OUTAGE_SECONDS") is { Length: > 0 } seconds
            ? double.Parse(seconds, CultureInfo.InvariantCulture)
            : 4);

    [Fact]
    public async Task Calls_fail_fast_while_dryApi_is_down_and_succeed_again_once_it_is_back()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var port = FreePort();
        var dryApi = await RunningSimulator.StartOnPortAsync(port, cancellationToken: cancellation);
        await using var harness = await McpServerHarness.StartAsync(Settings(port, BreakDuration));
        var key = harness.UnknownKey();
        dryApi.Accounts.Add(key, 1000m, RateTier.Unlimited, suspended: false);
        await using var client = await harness.ConnectAsync(key);
        Assert.True((await CallAsync(client, "text_to_image", NewImageJob())).Result.IsError != true);

        await dryApi.DisposeAsync();
        var outage = Stopwatch.StartNew();
        var calls = new List<(string Tool, TimeSpan Elapsed, CallToolResult Result)>();
        using (var blackHole = new OutageBlackHole(port))
        {
            while (outage.Elapsed < OutageLength)
            {
                calls.Add(await CallAsync(client, "get_balance", []));
                calls.Add(await CallAsync(client, "text_to_image", NewImageJob()));
                await Task.Delay(100, cancellation);
            }

            // A call that carried the half-open probe waited for its timeout before it was refused; all others fail fast.
            var fast = calls.Where(call => call.Elapsed < FailFast).ToList();
            var paidSent = calls.Count(call => call.Tool == "text_to_image" && call.Result.Text().Contains("may be queued", StringComparison.Ordinal));
            var submissionsSeen = blackHole.RequestLines.Count(line => line.Contains("/txt2img ", StringComparison.Ordinal));
            output.WriteLine(
                $"Outage of {OutageLength.TotalSeconds} s: {calls.Count} calls, {fast.Count} failed fast (slowest " +
                $"{fast.Select(call => call.Elapsed).DefaultIfEmpty().Max().TotalMilliseconds:0} ms), {calls.Count - fast.Count} waited on a real " +
                $"attempt (slowest {calls.Max(call => call.Elapsed).TotalMilliseconds:0} ms), {submissionsSeen} paid submissions reached dryAPI.");

            Assert.All(calls, call => Assert.True(call.Result.IsError, call.Result.Text()));
            Assert.All(fast, call => Assert.Contains(Refused, call.Result.Text(), StringComparison.Ordinal));
            Assert.All(fast, call => Assert.Matches(@"try again in \d+ s", call.Result.Text()));
            Assert.All(fast.Where(call => call.Tool == "text_to_image"), call => Assert.Contains("Nothing was submitted", call.Result.Text(), StringComparison.Ordinal));
            Assert.True(fast.Count >= calls.Count / 2, $"Only {fast.Count} of {calls.Count} calls failed fast.");

            // Only half-open probes reach dryAPI: every paid submission that did was reported as possibly queued.
            Assert.Equal(paidSent, submissionsSeen);
        }

        await using var back = await RunningSimulator.StartOnPortAsync(port, cancellationToken: cancellation);
        back.Accounts.Add(key, 1000m, RateTier.Unlimited, suspended: false);
        var recovery = Stopwatch.StartNew();
        var firstAnswer = await CallAsync(client, "get_balance", []);
        while (firstAnswer.Result.IsError == true && recovery.Elapsed < BreakDuration + RequestTimeout + TimeSpan.FromSeconds(2))
        {
            await Task.Delay(50, cancellation);
            firstAnswer = await CallAsync(client, "get_balance", []);
        }

        var recoveredAfter = recovery.Elapsed;
        var after = new[]
        {
            await CallAsync(client, "text_to_image", NewImageJob()),
            await CallAsync(client, "get_balance", []),
            await CallAsync(client, "text_to_image", NewImageJob()),
        };
        output.WriteLine($"dryAPI back: first success after {recoveredAfter.TotalMilliseconds:0} ms; the {after.Length} calls after it: {after.Count(call => call.Result.IsError != true)} succeeded.");

        Assert.True(firstAnswer.Result.IsError != true, firstAnswer.Result.Text());
        Assert.True(recoveredAfter <= BreakDuration + RequestTimeout + TimeSpan.FromSeconds(1), $"Recovery took {recoveredAfter}.");
        Assert.All(after, call => Assert.True(call.Result.IsError != true, call.Result.Text()));
        var accepted = back.Journal.Entries.Where(entry => entry.ApiKey == key && entry.CreatedRequestId is not null).ToList();
        Assert.Equal(2, accepted.Count);
        Assert.All(accepted, job => Assert.Contains(after, call => call.Result.Text().Contains(job.CreatedRequestId!, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Refusals_by_dryApi_never_open_the_breaker()
    {
        await using var harness = await McpServerHarness.StartAsync(Settings(port: null, TimeSpan.FromSeconds(30)));
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);
        foreach (var status in new[] { 401, 402, 404, 422, 429, 401, 402, 404, 422, 429 })
        {
            harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, PathContains = "/balance", StatusCode = status });
            var refusal = await CallAsync(client, "get_balance", []);
            Assert.Contains($"({status})", refusal.Result.Text(), StringComparison.Ordinal);
        }

        var other = harness.NewKey();
        await using var otherClient = await harness.ConnectAsync(other);
        var answered = await CallAsync(otherClient, "get_balance", []);

        Assert.True(answered.Result.IsError != true, answered.Result.Text());
        Assert.Single(harness.RequestsBy(other));
    }

    [Fact]
    public async Task Server_errors_open_the_breaker_for_every_key_and_nothing_is_sent_while_it_is_open()
    {
        await using var harness = await McpServerHarness.StartAsync(Settings(port: null, TimeSpan.FromSeconds(30)));
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);
        Assert.True((await CallAsync(client, "text_to_image", NewImageJob())).Result.IsError != true);
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, PathContains = "/balance", StatusCode = 503, Count = null });

        var failing = await CallAsync(client, "get_balance", []);
        var paid = await CallAsync(client, "text_to_image", NewImageJob());
        var other = harness.NewKey();
        await using var otherClient = await harness.ConnectAsync(other);
        var read = await CallAsync(otherClient, "get_balance", []);

        Assert.True(failing.Result.IsError);
        // The first job's receipt read the balance before the fault; the failures are what opened the breaker.
        Assert.Equal(FailuresToOpen, harness.RequestsBy(key, DryApiOperations.Balance).Count(request => request.StatusCode == 503));
        Assert.All(new[] { paid, read }, call =>
        {
            Assert.True(call.Result.IsError);
            Assert.Contains(Refused, call.Result.Text(), StringComparison.Ordinal);
            Assert.Contains("will try again in 30 s", call.Result.Text(), StringComparison.Ordinal);
        });
        Assert.Contains("Nothing was submitted", paid.Result.Text(), StringComparison.Ordinal);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Empty(harness.RequestsBy(other));
    }

    private static McpHarnessSettings Settings(int? port, TimeSpan breakDuration)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["DryApi:RequestTimeout"] = RequestTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["DryApi:CircuitBreakerFailures"] = FailuresToOpen.ToString(CultureInfo.InvariantCulture),
            ["DryApi:CircuitBreakDuration"] = breakDuration.ToString("c", CultureInfo.InvariantCulture),
        };
        if (port is not null)
        {
            configuration["DryApi:BaseUrl"] = $"http://127.0.0.1:{port.Value.ToString(CultureInfo.InvariantCulture)}/";
        }

        return new McpHarnessSettings { Configuration = configuration };
    }

    private static async Task<(string Tool, TimeSpan Elapsed, CallToolResult Result)> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var watch = Stopwatch.StartNew();
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
        return (tool, watch.Elapsed, result);
    }

    /// <summary>A text_to_image call that is a new job each time, so each one is submitted (an identical retry would follow the first).</summary>
    private static Dictionary<string, object?> NewImageJob()
    {
        var arguments = ToolSamples.TextToImage();
        arguments["new_job"] = true;
        return arguments;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
