using System.Diagnostics;

namespace DryApi.Mcp.Bench;

/// <summary>
/// Section 4: process start to the first answered tools/call (get_balance against a warm simulator), for the
/// framework-dependent and the ReadyToRun publish; the median of several runs each.
/// </summary>
internal static class ColdStartBenchmark
{
    private const int Runs = 7;
    private const double ReadyToRunTargetMs = 400;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(BenchPaths paths)
    {
        using var http = Wire.NewClient();
        using var simulator = await RunningService.SimulatorAsync(paths, http, TimeSpan.FromSeconds(3));
        var table = new MarkdownTable("process", "runs", "median ms", "min ms", "max ms", "median CPU ms", "target");
        List<(string Name, Func<int, ChildProcess> Start, Func<HttpClient, Uri, Task<bool>> Answered, string Path, double? Target)> flavours =
        [
            ("floor: the simulator (plain ASP.NET Core app), first /balance", port => RunningService.StartSimulator(paths.Simulator, Log(paths), port, TimeSpan.FromSeconds(3)),
                RunningService.AnswersBalanceAsync, "/", null),
            ("DryApi.Mcp framework-dependent, first tools/call", port => RunningService.StartServer(paths.Server, Log(paths), port, simulator.Address),
                RunningService.AnswersBalanceToolAsync, "/mcp", null),
            ("DryApi.Mcp ReadyToRun, first tools/call", port => RunningService.StartServer(paths.ServerReadyToRun, Log(paths), port, simulator.Address),
                RunningService.AnswersBalanceToolAsync, "/mcp", ReadyToRunTargetMs),
        ];
        if (paths.Baseline is { } baseline)
        {
            flavours.Add(($"baseline {baseline.Name} framework-dependent, first tools/call", port => RunningService.StartServer(baseline.Server, Log(paths), port, simulator.Address),
                RunningService.AnswersBalanceToolAsync, "/mcp", null));
            flavours.Add(($"baseline {baseline.Name} ReadyToRun, first tools/call", port => RunningService.StartServer(baseline.ServerReadyToRun, Log(paths), port, simulator.Address),
                RunningService.AnswersBalanceToolAsync, "/mcp", null));
        }

        // Round by round, one start of each process per round, so a change in the machine's load touches them all alike.
        var runsOf = flavours.Select(_ => new List<(double Wall, double Cpu)>()).ToArray();
        for (var run = 0; run < Runs; run++)
        {
            for (var index = 0; index < flavours.Count; index++)
            {
                runsOf[index].Add(await FirstAnswerAsync(flavours[index].Start, flavours[index].Answered, flavours[index].Path));
            }
        }

        var medians = new List<(double Wall, double Cpu)>();
        foreach (var (flavour, runs) in flavours.Zip(runsOf))
        {
            var wall = runs.Select(run => run.Wall).Order().ToArray();
            var cpu = runs.Select(run => run.Cpu).Order().ToArray();
            var median = LoadLoop.Percentile(wall, 0.5);
            medians.Add((median, LoadLoop.Percentile(cpu, 0.5)));
            Console.Error.WriteLine($"  {flavour.Name}: {string.Join(", ", runs.Select(run => $"{run.Wall:0}/{run.Cpu:0}"))} ms wall/CPU");
            table.Add(flavour.Name, Runs, median, wall[0], wall[^1], LoadLoop.Percentile(cpu, 0.5),
                flavour.Target is { } limit ? $"≤ {limit} ms: {MarkdownTable.Met(median <= limit)}" : "");
        }

        Console.WriteLine("### 4. Cold start (process start to the first answer)");
        Console.WriteLine();
        Console.WriteLine(table);
        if (paths.Baseline is not null)
        {
            // CPU time is given beside wall time: on a busy machine it moves far less than the wall clock does.
            var againstBaseline = new MarkdownTable("publish", "median ms, this build", "median ms, baseline", "this ÷ baseline",
                "median CPU ms, this build", "median CPU ms, baseline", "CPU this ÷ baseline", "no worse than 10%");
            foreach (var (publish, current, earlier) in new[] { ("framework-dependent", medians[1], medians[3]), ("ReadyToRun", medians[2], medians[4]) })
            {
                againstBaseline.Add(publish, current.Wall, earlier.Wall, current.Wall / earlier.Wall, current.Cpu, earlier.Cpu, current.Cpu / earlier.Cpu,
                    MarkdownTable.Met(current.Wall / earlier.Wall <= Baseline.AllowedRatio));
            }

            Console.WriteLine($"Against the baseline ({paths.Baseline.Name}), in the same run:");
            Console.WriteLine();
            Console.WriteLine(againstBaseline);
        }
    }

    private static string Log(BenchPaths paths) => Path.Combine(paths.Work, "coldstart.log");

    /// <summary>Wall time from starting the process to its first answer, and the CPU time it had spent by then.</summary>
    private static async Task<(double Wall, double Cpu)> FirstAnswerAsync(
        Func<int, ChildProcess> start, Func<HttpClient, Uri, Task<bool>> answered, string path)
    {
        // A new client each run, so no pooled connection is carried over.
        using var http = Wire.NewClient();
        var port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}{path}");
        var clock = Stopwatch.StartNew();
        using var process = start(port);
        await process.WaitUntilAsync(() => answered(http, address), Timeout, TimeSpan.FromMilliseconds(2));
        var wall = clock.Elapsed.TotalMilliseconds;
        return (wall, ProcessSample.Read(process.Id).CpuTime.TotalMilliseconds);
    }
}
