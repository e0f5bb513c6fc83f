using System.Diagnostics;

namespace DryApi.Mcp.Bench;

/// <summary>
/// A process the benchmark started, with standard output and error sent to a log file (not through a pipe the
/// benchmark would have to drain), killed with its children on dispose.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;

    private ChildProcess(Process process, string logFile)
    {
        this.process = process;
        LogFile = logFile;
    }

    public int Id => process.Id;

    public string LogFile { get; }

    public bool HasExited => process.HasExited;

    public static ChildProcess Start(string logFile, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        // exec keeps the process id: what is measured is the program itself, not the shell.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in (string[])["-c", "exec \"$@\" >\"$BENCH_LOG\" 2>&1", "sh", program, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BENCH_LOG"] = logFile;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ChildProcess(Process.Start(start)!, logFile);
    }

    /// <summary>Waits until <paramref name="ready"/> answers true, failing with the log's end if the process exits first.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.ArgumentList[3]} exited ({process.ExitCode}): {LogTail()}");
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20));
        }

        throw new TimeoutException($"{process.StartInfo.ArgumentList[3]} was not ready within {timeout}: {LogTail()}");
    }

    public string LogTail() => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : "(no output)";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
