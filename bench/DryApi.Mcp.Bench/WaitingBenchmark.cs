using System.Diagnostics;

namespace DryApi.Mcp.Bench;

/// <summary>
/// Section 2: 1,000 tool calls in flight at once, each waiting on a 20-second simulated image job. The server's
/// memory, threads and CPU are read from /proc; "waiting" is the window from the moment the simulator has answered
/// every submission to the first tool call's return.
/// </summary>
internal static class WaitingBenchmark
{
    private const int Calls = 1000;
    private const long RssTargetBytes = 250L * 1024 * 1024;
    private const double CpuShareTarget = 0.10;
    private static readonly TimeSpan Job = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(BenchPaths paths)
    {
        using var control = Wire.NewClient();
        using var simulator = await RunningService.SimulatorAsync(paths, control, Job);
        using var server = await RunningService.ServerAsync(paths, control, simulator.Address);
        using var http = Wire.NewClient();
        var pid = server.Process.Id;
        var idle = ProcessSample.Read(pid);

        var clock = Stopwatch.StartNew();
        var firstReturn = new TaskCompletionSource<(TimeSpan At, ProcessSample Sample)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var epoch = DateTimeOffset.UtcNow - clock.Elapsed;
        var calls = Enumerable.Range(0, Calls).Select(index => Task.Run(() => CallAsync(http, server.Address, index, pid, clock, firstReturn))).ToArray();
        using var stopSampling = new CancellationTokenSource();
        var peakThreads = SamplePeakThreadsAsync(pid, stopSampling.Token);

        var (submittedAt, submitted) = await AllSubmittedAsync(control, simulator.Address, pid, clock);
        var simulatorAtSubmitted = ProcessSample.Read(simulator.Process.Id);
        var (returnedAt, returned) = await firstReturn.Task;
        var simulatorAtReturned = ProcessSample.Read(simulator.Process.Id);
        var outcomes = await Task.WhenAll(calls);
        var end = ProcessSample.Read(pid);
        await stopSampling.CancelAsync();
        var threads = await peakThreads;

        var window = returnedAt - submittedAt;
        var cpu = returned.CpuTime - submitted.CpuTime;
        var cpuShare = cpu / window;
        var polls = await StatusRequestsAsync(control, simulator.Address, epoch + submittedAt, epoch + returnedAt);
        var completed = outcomes.Count(done => done);
        var table = new MarkdownTable("measure", "value", "target");
        table.Add("calls completed with the job's result", $"{completed} of {Calls}", MarkdownTable.Met(completed == Calls))
            .Add("all submitted after (s)", submittedAt.TotalSeconds, "")
            .Add("last call returned after (s)", clock.Elapsed.TotalSeconds, "")
            .Add("RSS idle, before the calls (MB)", Megabytes(idle.RssBytes), "")
            .Add("RSS while all wait (MB)", Megabytes(submitted.RssBytes), "")
            .Add("peak RSS, VmHWM (MB)", Megabytes(end.PeakRssBytes), $"≤ 250 MB: {MarkdownTable.Met(end.PeakRssBytes <= RssTargetBytes)}")
            .Add("threads idle / peak", $"{idle.Threads} / {threads}", "")
            .Add("waiting window (s)", window.TotalSeconds, "")
            .Add("CPU seconds in the window", cpu.TotalSeconds, "")
            .Add("status requests in the window", polls, "")
            .Add("CPU ms per status request", cpu.TotalMilliseconds / polls, "")
            .Add("floor: the simulator's CPU ms per status request it answered", (simulatorAtReturned.CpuTime - simulatorAtSubmitted.CpuTime).TotalMilliseconds / polls, "")
            .Add("CPU share of one core while waiting", $"{cpuShare * 100:0.0}%", $"≤ 10%: {MarkdownTable.Met(cpuShare <= CpuShareTarget)}")
            .Add("CPU seconds in all (start to last return)", (end.CpuTime - idle.CpuTime).TotalSeconds, "");

        Console.WriteLine($"### 2. Many waiting jobs ({Calls} calls of text_to_image, {Job.TotalSeconds:0} s jobs)");
        Console.WriteLine();
        Console.WriteLine(table);
    }

    private static async Task<bool> CallAsync(
        HttpClient http, Uri endpoint, int index, int pid, Stopwatch clock, TaskCompletionSource<(TimeSpan, ProcessSample)> firstReturn)
    {
        var arguments = Wire.TextToImage(index);
        try
        {
            var body = await Wire.SendAsync(http, Wire.Post(endpoint, Wire.ToolCall("text_to_image", arguments, index)), CancellationToken.None);
            firstReturn.TrySetResult((clock.Elapsed, ProcessSample.Read(pid)));
            return Wire.ToolResult(body)["structuredContent"]?["status"]?.GetValue<string>() == "done";
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidDataException)
        {
            firstReturn.TrySetException(exception);
            await Console.Error.WriteLineAsync($"  call {index} failed: {exception.Message}");
            return false;
        }
    }

    /// <summary>Waits until the simulator has answered all the submissions, and reads the server at that moment.</summary>
    private static async Task<(TimeSpan At, ProcessSample Sample)> AllSubmittedAsync(HttpClient control, Uri simulator, int pid, Stopwatch clock)
    {
        while (true)
        {
            var entries = await Wire.JournalAsync(control, simulator);
            var answered = entries.Count(entry =>
                entry!["path"]!.GetValue<string>().EndsWith("/txt2img", StringComparison.Ordinal) && entry["statusCode"]!.GetValue<int>() != 0);
            if (answered >= Calls)
            {
                return (clock.Elapsed, ProcessSample.Read(pid));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The status requests (polls) the simulator received between <paramref name="from"/> and <paramref name="to"/>.</summary>
    private static async Task<int> StatusRequestsAsync(HttpClient control, Uri simulator, DateTimeOffset from, DateTimeOffset to) =>
        (await Wire.JournalAsync(control, simulator)).Count(entry =>
            entry!["path"]!.GetValue<string>().Contains("/request-status/", StringComparison.Ordinal)
            && entry["at"]!.GetValue<DateTimeOffset>() is var at && at >= from && at < to);

    /// <summary>The most threads the server had at any 100 ms sample until <paramref name="stop"/>.</summary>
    private static async Task<int> SamplePeakThreadsAsync(int pid, CancellationToken stop)
    {
        var peak = 0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, ProcessSample.Read(pid).Threads);
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);
}
