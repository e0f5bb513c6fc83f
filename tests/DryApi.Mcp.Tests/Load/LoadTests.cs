using System.Diagnostics;
using System.Globalization;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;

namespace DryApi.Mcp.Tests.Load;

/// <summary>The load run has the machine to itself: xunit runs it after every parallel test class, alone.</summary>
[CollectionDefinition(nameof(LoadTests), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>
/// Many MCP clients, each with its own dryAPI key, calling a mix of tools against one server for minutes on end
/// (<see cref="LoadShape"/>: 200 clients for 2 minutes here; <c>tests/soak/run.sh</c> runs it for 30). Prints its figures.
/// </summary>
[Collection(nameof(LoadTests))]
public sealed class LoadTests
{
    private static readonly McpHarnessSettings Settings = new()
    {
        JobDurations = new Dictionary<JobKind, TimeSpan>
        {
            [JobKind.Image] = TimeSpan.FromMilliseconds(300),
            [JobKind.Audio] = TimeSpan.FromMilliseconds(250),
            [JobKind.Text] = TimeSpan.FromMilliseconds(200),
        },
        JobRetention = TimeSpan.FromSeconds(10),
        CaptureLogs = false,
    };

    [Fact]
    public async Task Clients_with_their_own_keys_get_no_protocol_errors_no_other_clients_data_and_memory_stays_flat()
    {
        var shape = LoadShape.FromEnvironment();
        var cancellationToken = TestContext.Current.CancellationToken;
        var tally = new LoadTally();
        await using var harness = await McpServerHarness.StartAsync(Settings);
        var connections = await Task.WhenAll(Enumerable.Range(0, shape.Clients).Select(number => ConnectAsync(harness, number, tally)));
        List<MemorySample> samples;
        var run = Stopwatch.StartNew();
        try
        {
            var sampling = SampleMemoryAsync(harness, shape, run, cancellationToken);
            await Task.WhenAll(connections.Select(connection => connection.Client.RunAsync(run, shape.Duration, cancellationToken)));
            samples = await sampling;
        }
        finally
        {
            await Task.WhenAll(connections.Select(connection => connection.Mcp.DisposeAsync().AsTask()));
        }

        var audit = harness.Simulator.Audit;
        var (first, last) = (samples[0], samples[^1]);
        var growth = last.ManagedHeapBytes - first.ManagedHeapBytes;
        Report(shape, run.Elapsed, tally, audit, samples, growth);

        Assert.True(tally.Failures == 0, $"{tally.Failures} protocol errors, e.g.:\n{string.Join('\n', tally.FailureSamples)}");
        Assert.True(tally.Leaks == 0, $"{tally.Leaks} results of another client, e.g.:\n{string.Join('\n', tally.LeakSamples)}");
        Assert.True(audit.ViolationCount == 0, $"{audit.ViolationCount} requests under another client's key, e.g.:\n{string.Join('\n', audit.Violations)}");
        Assert.True(audit.MarkedRequests > 0, "No request reached the simulator bearing a client's marker, so the audit checked nothing.");
        Assert.All(tally.PerTool, tool => Assert.True(tool.Counts.Succeeded > 0, $"{tool.Tool} never succeeded."));
        Assert.True(growth <= AllowedGrowth(first), $"Memory grew by {MemorySample.Megabytes(growth)} MB: {first} → {last}");
        if (samples.Count >= TrendSamples)
        {
            Assert.True(Trend(samples) <= AllowedTrend, $"The managed heap grew {Trend(samples):0.00} MB a minute: {string.Join("; ", samples)}");
        }
    }

    // In healthy runs the lowest reading at a minute's end ranged up to 53 MB above the first (calls in flight and the
    // simulator's recent jobs come and go), and the fitted trend of a 30-minute soak was 0.86 MB a minute; the harness
    // leaks this test found grew about 90 MB a minute.
    private const double AllowedTrend = 2;

    private const int TrendSamples = 10;

    private static long AllowedGrowth(MemorySample first) => (first.ManagedHeapBytes / 2) + (32L << 20);

    /// <summary>The least-squares slope of the managed heap over the samples, in MB a minute.</summary>
    private static double Trend(List<MemorySample> samples)
    {
        var minutes = samples.Select(sample => sample.At.TotalMinutes).ToList();
        var megabytes = samples.Select(sample => sample.ManagedHeapBytes / 1048576.0).ToList();
        var (meanX, meanY) = (minutes.Average(), megabytes.Average());
        var covariance = minutes.Zip(megabytes, (x, y) => (x - meanX) * (y - meanY)).Sum();
        return covariance / minutes.Sum(x => (x - meanX) * (x - meanX));
    }

    private static async Task<(LoadClient Client, McpClient Mcp)> ConnectAsync(McpServerHarness harness, int number, LoadTally tally)
    {
        // Accounts 10,000 USD apart, so a balance read can be told apart from every other client's.
        var balance = 1_000_000m + (number * 10_000m);
        var key = harness.NewKey(balance);
        // Both protocol eras: initialize (2025-11-25) and server/discover (the newest, negotiated).
        var mcp = await harness.ConnectAsync(key, number % 2 == 0 ? "2025-11-25" : null);
        var client = new LoadClient(number, key, balance, mcp, harness.Simulator, tally);
        harness.Simulator.Audit.Expect(client.Marker, key);
        return (client, mcp);
    }

    // The journal keeps every request, which a long run cannot afford; the audit checks keys instead, so it is emptied.
    private static async Task<List<MemorySample>> SampleMemoryAsync(McpServerHarness harness, LoadShape shape, Stopwatch run, CancellationToken cancellationToken)
    {
        var samples = new List<MemorySample>();
        foreach (var point in shape.SamplePoints())
        {
            while (run.Elapsed < point)
            {
                harness.Simulator.Journal.Clear();
                var remaining = point - run.Elapsed;
                await Task.Delay(remaining < TimeSpan.FromSeconds(10) ? remaining : TimeSpan.FromSeconds(10), cancellationToken);
            }

            harness.Simulator.Journal.Clear();
            samples.Add(await MemorySample.TakeAsync(() => run.Elapsed, cancellationToken));
        }

        return samples;
    }

    private static void Report(LoadShape shape, TimeSpan elapsed, LoadTally tally, CrossKeyAudit audit, List<MemorySample> samples, long growth)
    {
        var output = TestContext.Current.TestOutputHelper!;
        void Line(FormattableString text) => output.WriteLine("load: " + text.ToString(CultureInfo.InvariantCulture));

        Line($"{shape.Clients} clients with their own keys, {elapsed.TotalSeconds:0} s, {tally.Calls} tool calls ({tally.Calls / elapsed.TotalSeconds:0.0}/s)");
        foreach (var (tool, counts) in tally.PerTool)
        {
            Line($"{tool}: {counts.Calls} calls, {counts.Succeeded} succeeded, {counts.Unfinished} still running at the wait budget, {counts.Failed} failed, {counts.Leaked} leaked");
        }

        Line($"protocol errors {tally.Failures}; results of another client {tally.Leaks}");
        Line($"simulator audit: {audit.RequestsChecked} requests checked, {audit.MarkedRequests} bearing a client's marker, {audit.ViolationCount} under another key");
        foreach (var sample in samples)
        {
            Line($"memory at {sample}");
        }

        Line($"managed heap growth {MemorySample.Megabytes(growth)} MB from the first sample to the last (allowed {MemorySample.Megabytes(AllowedGrowth(samples[0]))} MB)");
        if (samples.Count >= TrendSamples)
        {
            Line($"managed heap trend {Trend(samples):0.00} MB a minute over {samples.Count} samples (allowed {AllowedTrend} MB)");
        }
    }
}
