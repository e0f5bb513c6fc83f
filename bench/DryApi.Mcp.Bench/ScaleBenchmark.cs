using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace DryApi.Mcp.Bench;

/// <summary>
/// Section 8: 10,000 tool calls waiting at once, first on one server, then spread by haproxy (round-robin, no
/// affinity) over three replicas that share a Redis backplane and sealing keys. Each run has a fresh simulator whose
/// image jobs outlast the time it takes to start every call; the simulator's journal is the witness that every job was
/// submitted before the first call returned, so all were waiting at once. Memory, threads and CPU come from /proc.
/// </summary>
internal static class ScaleBenchmark
{
    public const int DefaultWaits = 10_000;

    /// <summary>Unlimited-tier keys the calls are spread over (no rate limit, so no status budget holds a wait back).</summary>
    private const int Keys = 20;

    /// <summary>How fast calls are started: 10,000 in 50 s, as clients arriving, rather than 10,000 connections in one burst.</summary>
    private const double StartedPerSecond = 200;

    /// <summary>
    /// Each call's share of the job duration: the jobs must outlast the submission of every call (50 s for 10,000 at
    /// 200 a second, but 80–150 a second when the shared 2-core machine was busy); 20 s + 12 ms per call is 140 s for 10,000.
    /// </summary>
    private static readonly TimeSpan JobPerCall = TimeSpan.FromMilliseconds(12);

    private const int Replicas = 3;
    private const long RssTargetBytes = 1024L * 1024 * 1024;

    /// <summary>The server's wait for a client it does not know is 45 s from the call's arrival; these calls wait longer.</summary>
    private const string WaitBudget = "00:05:00";

    private sealed record ProcessFigures(ProcessSample Before, ProcessSample After, int PeakThreads)
    {
        public double CpuSeconds => (After.CpuTime - Before.CpuTime).TotalSeconds;
    }

    /// <param name="LastSubmitted">When the simulator received the last accepted submission.</param>
    private sealed record JournalFigures(int Submissions, DateTimeOffset LastSubmitted, int StatusRequests, int RateLimited);

    /// <summary>
    /// The servers while every call waited: the window's length, their CPU seconds per second in it, and each one's RSS
    /// at its end.
    /// </summary>
    private sealed record WaitingWindow(TimeSpan Window, double CoreShare, long[] RssBytes);

    private sealed record ScaleRun(
        ScaleLoadResult Load,
        JournalFigures Journal,
        WaitingWindow? WhileAllWait,
        IReadOnlyList<ProcessFigures> Servers,
        ProcessFigures Simulator,
        ProcessFigures? Redis,
        long? RedisCommands,
        ProcessFigures? Balancer,
        TimeSpan ClientCpu);

    /// <summary>
    /// The environment that puts a server back on the server garbage collector (the web SDK's default), overriding the
    /// workstation collector and memory conservation its runtimeconfig.json ships with: the comparison in section 8.
    /// </summary>
    private static readonly Dictionary<string, string> ServerCollector = new()
    {
        ["DOTNET_gcServer"] = "1",
        ["DOTNET_GCConserveMemory"] = "0",
    };

    public static async Task RunAsync(BenchPaths paths, int waits, bool serverCollector)
    {
        var job = TimeSpan.FromSeconds(20) + (JobPerCall * waits);
        string[] keys = [Wire.ApiKey, .. Enumerable.Range(1, Keys - 1).Select(index => $"{100 + index}|bench-scale-key-{index}")];
        var serverEnvironment = new Dictionary<string, string>
        {
            ["Auth__SealingKeys__0__Id"] = "bench",
            ["Auth__SealingKeys__0__Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        if (serverCollector)
        {
            foreach (var (name, value) in ServerCollector)
            {
                serverEnvironment[name] = value;
            }
        }

        await Console.Error.WriteLineAsync($"  scale: {waits} calls on one replica");
        var one = await OneReplicaAsync(paths, keys, waits, job, serverEnvironment);
        await Console.Error.WriteLineAsync($"  scale: {waits} calls over {Replicas} replicas behind haproxy, Redis backplane");
        var three = await ReplicasAsync(paths, keys, waits, job, serverEnvironment);

        Console.WriteLine($"### 8. Scale: {waits} waiting calls (text_to_image, {job.TotalSeconds:0} s jobs, {Keys} Unlimited-tier keys), one replica and {Replicas} behind haproxy{(serverCollector ? ", servers on the server garbage collector" : "")}");
        Console.WriteLine();
        Console.WriteLine(Table(waits, one, three));
    }

    private static async Task<ScaleRun> OneReplicaAsync(BenchPaths paths, string[] keys, int waits, TimeSpan job, Dictionary<string, string> serverEnvironment)
    {
        using var control = Wire.NewClient();
        using var simulator = await StartSimulatorAsync(paths, control, keys, job, "simulator-scale-1.log");
        using var server = await RunningService.ServerAsync(
            paths.Server, Path.Combine(paths.Work, "server-scale.log"), control, simulator.Address, _ => ["--Mcp:WaitBudget", WaitBudget], serverEnvironment);
        using var http = ScaleLoad.NewClient();
        var (load, figures, readings, clientCpu) = await MeasureAsync(
            [server.Process.Id, simulator.Process.Id], () => ScaleLoad.RunAsync(http, server.Address, HttpVersion.Version11, keys, waits, StartedPerSecond));
        var journal = await ReadJournalAsync(control, simulator.Address);
        return new ScaleRun(load, journal, WhileAllWait(readings, 1, journal, load), [figures[0]], figures[1], null, null, null, clientCpu);
    }

    private static async Task<ScaleRun> ReplicasAsync(BenchPaths paths, string[] keys, int waits, TimeSpan job, Dictionary<string, string> serverEnvironment)
    {
        using var control = Wire.NewClient();
        using var simulator = await StartSimulatorAsync(paths, control, keys, job, "simulator-scale-3.log");
        using var redis = await Redis.StartAsync(paths);
        var environment = new Dictionary<string, string>(serverEnvironment) { ["Backplane__Redis"] = Redis.ConfigurationString(redis.Address) };
        var replicas = new List<RunningService>();
        try
        {
            foreach (var replica in Enumerable.Range(1, Replicas))
            {
                replicas.Add(await RunningService.ServerAsync(
                    paths.Server, Path.Combine(paths.Work, $"server-replica{replica}.log"), control, simulator.Address, _ => ["--Mcp:WaitBudget", WaitBudget], environment));
            }

            using var balancer = await Haproxy.StartAsync(paths, control, [.. replicas.Select(replica => replica.Address)]);
            using var http = ScaleLoad.NewClient();
            var (load, figures, readings, clientCpu) = await MeasureAsync(
                [.. replicas.Select(replica => replica.Process.Id), simulator.Process.Id, redis.Process.Id, balancer.Process.Id],
                () => ScaleLoad.RunAsync(http, balancer.Address, HttpVersion.Version20, keys, waits, StartedPerSecond));
            var journal = await ReadJournalAsync(control, simulator.Address);
            return new ScaleRun(
                load, journal, WhileAllWait(readings, Replicas, journal, load), figures[..Replicas], figures[Replicas], figures[Replicas + 1],
                await Redis.ReplicaCommandsAsync(redis.Address), figures[Replicas + 2], clientCpu);
        }
        finally
        {
            replicas.ForEach(replica => replica.Dispose());
        }
    }

    /// <summary>The simulator with the bench's keys (all Unlimited tier) and image jobs of <paramref name="job"/>.</summary>
    private static async Task<RunningService> StartSimulatorAsync(BenchPaths paths, HttpClient control, string[] keys, TimeSpan job, string logFile)
    {
        var port = FreePort.Next();
        var process = RunningService.StartSimulator(paths.Simulator, Path.Combine(paths.Work, logFile), port, job,
            keys.Skip(1).SelectMany((key, index) => new[]
            {
                $"--Simulator:Keys:{index + 1}:Key", key, $"--Simulator:Keys:{index + 1}:Tier", "Unlimited", $"--Simulator:Keys:{index + 1}:Balance", "1000000",
            }));
        var address = new Uri($"http://127.0.0.1:{port}/");
        return await RunningService.ReadyAsync(process, address, () => RunningService.AnswersBalanceAsync(control, address));
    }

    /// <summary>One reading of every measured process (in the order of their pids).</summary>
    private sealed record Reading(DateTimeOffset At, ProcessSample[] Samples);

    /// <summary>
    /// Runs <paramref name="load"/> and reads each of <paramref name="pids"/> before and after it, and every 200 ms
    /// meanwhile (for peak threads and the CPU of a window known only afterwards).
    /// </summary>
    private static async Task<(ScaleLoadResult Load, ProcessFigures[] Figures, List<Reading> Readings, TimeSpan ClientCpu)> MeasureAsync(
        int[] pids, Func<Task<ScaleLoadResult>> load)
    {
        var before = pids.Select(ProcessSample.Read).ToArray();
        var clientBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        using var stopReading = new CancellationTokenSource();
        var readings = ReadUntilAsync(pids, stopReading.Token);
        var result = await load();
        var after = pids.Select(ProcessSample.Read).ToArray();
        var clientCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - clientBefore;
        await stopReading.CancelAsync();
        var all = await readings;
        var figures = pids.Select((_, index) => new ProcessFigures(before[index], after[index], all.Max(reading => reading.Samples[index].Threads)));
        return (result, [.. figures], all, clientCpu);
    }

    private static async Task<List<Reading>> ReadUntilAsync(int[] pids, CancellationToken stop)
    {
        var readings = new List<Reading>();
        while (true)
        {
            readings.Add(new Reading(DateTimeOffset.UtcNow, [.. pids.Select(ProcessSample.Read)]));
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return readings;
            }
        }
    }

    /// <summary>
    /// The servers' CPU (the first <paramref name="servers"/> processes read) from the first reading after the last
    /// submission to the last reading before the first return: the cost of waiting alone, as a share of one core.
    /// </summary>
    private static WaitingWindow? WhileAllWait(List<Reading> readings, int servers, JournalFigures journal, ScaleLoadResult load)
    {
        if (journal.Submissions < load.Calls)
        {
            return null;
        }

        var from = readings.FirstOrDefault(reading => reading.At >= journal.LastSubmitted);
        var to = readings.LastOrDefault(reading => reading.At <= load.FirstReturn);
        if (from is null || to is null || to.At - from.At < TimeSpan.FromSeconds(1))
        {
            return null;
        }

        var cpu = Enumerable.Range(0, servers).Sum(index => (to.Samples[index].CpuTime - from.Samples[index].CpuTime).TotalSeconds);
        return new WaitingWindow(to.At - from.At, cpu / (to.At - from.At).TotalSeconds, [.. to.Samples.Take(servers).Select(sample => sample.RssBytes)]);
    }

    private static async Task<JournalFigures> ReadJournalAsync(HttpClient control, Uri simulator)
    {
        var entries = (await Wire.JournalAsync(control, simulator)).Select(entry => entry!).ToArray();
        var submissions = entries
            .Where(entry => entry["path"]!.GetValue<string>().EndsWith("/txt2img", StringComparison.Ordinal) && entry["statusCode"]!.GetValue<int>() is >= 200 and < 300)
            .Select(entry => entry["at"]!.GetValue<DateTimeOffset>())
            .ToArray();
        return new JournalFigures(
            submissions.Length,
            submissions.DefaultIfEmpty().Max(),
            entries.Count(entry => entry["path"]!.GetValue<string>().Contains("/request-status/", StringComparison.Ordinal)),
            entries.Count(entry => entry["statusCode"]!.GetValue<int>() == 429));
    }

    private static MarkdownTable Table(int waits, ScaleRun one, ScaleRun three)
    {
        var table = new MarkdownTable("measure", "1 replica", $"{Replicas} replicas, haproxy, Redis", "target");
        var allDone = one.Load.Completed == waits && three.Load.Completed == waits;
        table.Add("calls completed with the job's result", $"{one.Load.Completed} of {waits}", $"{three.Load.Completed} of {waits}", $"all: {MarkdownTable.Met(allDone)}")
            .Add("failed calls", one.Load.Failures, three.Load.Failures, "")
            .Add("jobs submitted (journal)", one.Journal.Submissions, three.Journal.Submissions, "")
            .Add("every job submitted before the first call returned", AllWaiting(one), AllWaiting(three), "")
            .Add("calls started over (s)", one.Load.StartSpan.TotalSeconds, three.Load.StartSpan.TotalSeconds, "")
            .Add("submissions per second (first call to last submission)", SubmissionsPerSecond(one), SubmissionsPerSecond(three), "")
            .Add("calls completed per second (first call to last return)", CompletedPerSecond(one), CompletedPerSecond(three), "")
            .Add("call duration p50 / p99 (s)", Durations(one), Durations(three), "")
            .Add("status requests (journal)", StatusRequests(one), StatusRequests(three), "")
            .Add("responses 429 (journal)", one.Journal.RateLimited, three.Journal.RateLimited, "")
            .Add("server RSS before the calls (MB), each replica", Each(one, figures => Megabytes(figures.Before.RssBytes)), Each(three, figures => Megabytes(figures.Before.RssBytes)), "")
            .Add("server RSS while every call waited (MB), each replica", WaitingRss(one), WaitingRss(three), "")
            .Add("server peak RSS, VmHWM (MB), each replica", Each(one, PeakMegabytes), Each(three, PeakMegabytes),
                $"≤ 1 GB: {MarkdownTable.Met(one.Servers.Concat(three.Servers).All(figures => figures.After.PeakRssBytes <= RssTargetBytes))}")
            .Add("server threads before / peak, each replica", Each(one, Threads), Each(three, Threads), "")
            .Add("server CPU seconds, each replica (first call to last return)", Each(one, figures => figures.CpuSeconds), Each(three, figures => figures.CpuSeconds), "")
            .Add("server CPU ms per call, all replicas (first call to last return)", CpuPerCall(one), CpuPerCall(three), "")
            .Add("server CPU while every call waited: share of one core, all replicas (window s)", Waiting(one), Waiting(three), "")
            .Add("the same per 1,000 waiting calls", WaitingPerThousand(one), WaitingPerThousand(three), "")
            .Add("Redis peak RSS (MB) / CPU s / commands from the replicas", "—", three.Redis is { } redis ? $"{PeakMegabytes(redis)} / {Number(redis.CpuSeconds)} / {three.RedisCommands}" : "—", "")
            .Add("haproxy peak RSS (MB) / CPU s", "—", three.Balancer is { } balancer ? $"{PeakMegabytes(balancer)} / {Number(balancer.CpuSeconds)}" : "—", "")
            .Add("simulator CPU s (dryAPI's side)", one.Simulator.CpuSeconds, three.Simulator.CpuSeconds, "")
            .Add("load client CPU s (this process)", one.ClientCpu.TotalSeconds, three.ClientCpu.TotalSeconds, "");
        return table;
    }

    private static string AllWaiting(ScaleRun run) =>
        $"{(run.Journal.Submissions == run.Load.Calls && run.Journal.LastSubmitted < run.Load.FirstReturn ? "yes" : "**no**")}: last at {Number(Seconds(run, run.Journal.LastSubmitted))} s, first return at {Number(Seconds(run, run.Load.FirstReturn))} s";

    private static double SubmissionsPerSecond(ScaleRun run) => run.Journal.Submissions / Seconds(run, run.Journal.LastSubmitted);

    private static double CompletedPerSecond(ScaleRun run) => run.Load.Completed / Seconds(run, run.Load.LastReturn);

    private static string Durations(ScaleRun run) =>
        $"{Number(LoadLoop.Percentile(run.Load.Durations, 0.50))} / {Number(LoadLoop.Percentile(run.Load.Durations, 0.99))}";

    private static string StatusRequests(ScaleRun run) => $"{run.Journal.StatusRequests} ({Number((double)run.Journal.StatusRequests / run.Load.Calls)} per call)";

    private static string CpuPerCall(ScaleRun run) => Number(run.Servers.Sum(figures => figures.CpuSeconds) * 1000 / run.Load.Calls);

    private static string Threads(ProcessFigures figures) => $"{figures.Before.Threads}/{figures.PeakThreads}";

    private static string Waiting(ScaleRun run) =>
        run.WhileAllWait is { } waiting ? $"{waiting.CoreShare * 100:0.0}% ({Number(waiting.Window.TotalSeconds)} s)" : "— (no such window)";

    private static string WaitingRss(ScaleRun run) =>
        run.WhileAllWait is { } waiting ? string.Join(", ", waiting.RssBytes.Select(bytes => Number(Megabytes(bytes)))) : "—";

    private static string WaitingPerThousand(ScaleRun run) =>
        run.WhileAllWait is { } waiting ? $"{waiting.CoreShare * 100 * 1000 / run.Load.Calls:0.00}%" : "—";

    private static string PeakMegabytes(ProcessFigures figures) => Number(Megabytes(figures.After.PeakRssBytes));

    private static string Each(ScaleRun run, Func<ProcessFigures, object> figure) =>
        string.Join(", ", run.Servers.Select(figures => figure(figures) switch
        {
            double value => Number(value),
            var other => other.ToString(),
        }));

    /// <summary>Seconds from the first call's start to <paramref name="moment"/>.</summary>
    private static double Seconds(ScaleRun run, DateTimeOffset moment) => (moment - run.Load.Started).TotalSeconds;

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);
}
