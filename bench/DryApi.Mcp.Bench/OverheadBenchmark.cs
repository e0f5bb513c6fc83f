namespace DryApi.Mcp.Bench;

/// <summary>
/// Section 1: a cheap tools/call through our server against the floor (the simulator's own answer) and a peer on
/// another stack, all on loopback in one run, at concurrency 1, 16 and 64; with a baseline, the baseline's server too.
/// Then, per server, what one call costs it in counts that do not depend on the machine's load: bytes allocated and
/// exceptions thrown (read with bench/AllocationProbe).
/// </summary>
internal static class OverheadBenchmark
{
    private const double OverheadTargetMs = 1;
    private const double PeerRatioTarget = 2;
    private const int CountedWarmUpCalls = 200;
    private const int CountedCalls = 2000;

    public static async Task RunAsync(BenchPaths paths, TimeSpan warmUp, TimeSpan measured)
    {
        using var setup = Wire.NewClient();
        using var simulator = await RunningService.SimulatorAsync(paths, setup, TimeSpan.FromSeconds(3));
        var serverCounts = Path.Combine(paths.Work, "server-counts.sock");
        var baselineCounts = Path.Combine(paths.Work, "baseline-server-counts.sock");
        using var server = await RunningService.ServerAsync(paths.Server, Path.Combine(paths.Work, "server.log"), setup, simulator.Address,
            environment: ServerCounts.Environment(paths.AllocationProbe, serverCounts));
        using var peer = await RunningService.PeerAsync(paths, setup);
        using var baseline = paths.Baseline is { } earlier
            ? await RunningService.ServerAsync(earlier.Server, Path.Combine(paths.Work, "baseline-server.log"), setup, simulator.Address,
                environment: ServerCounts.Environment(paths.AllocationProbe, baselineCounts))
            : null;
        using var floorClient = Wire.NewClient();
        using var ourClient = Wire.NewClient();
        using var peerClient = Wire.NewClient();
        using var baselineClient = Wire.NewClient();
        var ours = LoadTarget.Ours(ourClient, server.Address);
        var baselineTarget = baseline is null ? null : LoadTarget.Ours(baselineClient, baseline.Address, $" (baseline {paths.Baseline!.Name})");
        List<LoadTarget> targets = [LoadTarget.Floor(floorClient, simulator.Address), ours, LoadTarget.Peer(peerClient, peer.Address)];
        if (baselineTarget is not null)
        {
            // This build and the baseline in the order A B B A (the peer between the two B rows), each measured twice, so
            // a drift during the run (the simulator and the client warming up, other load) weighs on both alike.
            targets = [targets[0], ours, baselineTarget, targets[2], baselineTarget, ours];
        }

        var measuredRows = new List<LoadResult>();
        foreach (var concurrency in (int[])[1, 16, 64])
        {
            foreach (var target in targets)
            {
                var result = await LoadLoop.RunAsync(target, concurrency, warmUp, measured);
                Console.Error.WriteLine($"  {result.Target} ×{concurrency}: {result.CallsPerSecond:0} calls/s, p50 {result.P50Ms:0.00} ms");
                measuredRows.Add(result);
            }
        }

        // A target measured twice is one row: calls and failures summed, percentiles and rate averaged.
        var results = measuredRows
            .GroupBy(row => (row.Concurrency, row.Target))
            .Select(rows => rows.Count() == 1 ? rows.Single() : new LoadResult(rows.Key.Target, rows.Key.Concurrency, rows.Sum(row => row.Calls),
                rows.Sum(row => row.Failures), rows.Average(row => row.P50Ms), rows.Average(row => row.P99Ms), rows.Average(row => row.CallsPerSecond)))
            .ToList();

        var table = new MarkdownTable("concurrency", "target", "calls", "failures", "p50 ms", "p99 ms", "calls/s");
        foreach (var result in results)
        {
            table.Add(result.Concurrency, result.Target, result.Calls, result.Failures, result.P50Ms, result.P99Ms, result.CallsPerSecond);
        }

        var comparison = new MarkdownTable("concurrency", "p50 over floor ms", "p99 over floor ms", "ours ÷ peer calls/s", "targets");
        var againstBaseline = new MarkdownTable("concurrency", "p50 over floor ms, this build", "p50 over floor ms, baseline", "this ÷ baseline", "no worse than 10%");
        foreach (var group in results.GroupBy(result => result.Concurrency))
        {
            var (floor, mine, theirs) = (group.ElementAt(0), group.ElementAt(1), group.Single(result => result.Target.StartsWith("peer", StringComparison.Ordinal)));
            var overhead = mine.P50Ms - floor.P50Ms;
            var ratio = mine.CallsPerSecond / theirs.CallsPerSecond;
            var verdict = group.Key switch
            {
                1 => $"p50 overhead ≤ {OverheadTargetMs} ms: {MarkdownTable.Met(overhead <= OverheadTargetMs)}",
                16 => $"≥ {PeerRatioTarget}× peer: {MarkdownTable.Met(ratio >= PeerRatioTarget)}",
                _ => "",
            };
            comparison.Add(group.Key, overhead, mine.P99Ms - floor.P99Ms, ratio, verdict);
            if (baseline is not null)
            {
                var baselineOverhead = group.ElementAt(2).P50Ms - floor.P50Ms;
                var change = overhead / baselineOverhead;
                againstBaseline.Add(group.Key, overhead, baselineOverhead, change, MarkdownTable.Met(change <= Baseline.AllowedRatio));
            }
        }

        var counted = new MarkdownTable("server", "KB allocated per call", "exceptions per call", "KB per call ÷ baseline");
        var ourCounts = await CountPerCallAsync(ours, serverCounts);
        if (baselineTarget is not null)
        {
            var theirCounts = await CountPerCallAsync(baselineTarget, baselineCounts);
            counted.Add(ours.Name, ourCounts.Kilobytes, ourCounts.Exceptions, ourCounts.Kilobytes / theirCounts.Kilobytes);
            counted.Add(baselineTarget.Name, theirCounts.Kilobytes, theirCounts.Exceptions, 1.0);
        }
        else
        {
            counted.Add(ours.Name, ourCounts.Kilobytes, ourCounts.Exceptions, "");
        }

        Console.WriteLine($"### 1. Per-call overhead (warm-up {warmUp.TotalSeconds:0} s, measured {measured.TotalSeconds:0} s per row)");
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine(comparison);
        if (baseline is not null)
        {
            Console.WriteLine($"Against the baseline ({paths.Baseline!.Name}), in the same run:");
            Console.WriteLine();
            Console.WriteLine(againstBaseline);
        }

        Console.WriteLine($"Counted in the server, over {CountedCalls} calls one after another (after {CountedWarmUpCalls} more to warm up), independent of the machine's load:");
        Console.WriteLine();
        Console.WriteLine(counted);
    }

    /// <summary>
    /// Bytes the server allocates and exceptions it throws per call of <paramref name="target"/>, from its probe at
    /// <paramref name="socket"/>. Calls go one at a time, so the server does nothing else meanwhile but its timers
    /// (about 1–5 KB a second when idle, a few bytes per call). Its CPU time per call is not given: on a shared
    /// machine it varied by 2× between runs of the same build.
    /// </summary>
    private static async Task<(double Kilobytes, double Exceptions)> CountPerCallAsync(LoadTarget target, string socket)
    {
        var call = await target.ConnectAsync(CancellationToken.None);
        for (var warmUp = 0; warmUp < CountedWarmUpCalls; warmUp++)
        {
            await call(CancellationToken.None);
        }

        var before = await ServerCounts.ReadAsync(socket);
        for (var counted = 0; counted < CountedCalls; counted++)
        {
            await call(CancellationToken.None);
        }

        var spent = await ServerCounts.ReadAsync(socket) - before;
        Console.Error.WriteLine($"  {target.Name}: {spent.AllocatedBytes / CountedCalls} bytes and {spent.Exceptions / (double)CountedCalls:0.##} exceptions per call");
        return (spent.AllocatedBytes / 1024.0 / CountedCalls, spent.Exceptions / (double)CountedCalls);
    }
}
