using System.Globalization;

namespace DryApi.Mcp.Bench;

/// <summary>A process's memory, threads and CPU time as Linux reports them in <c>/proc/&lt;pid&gt;</c>.</summary>
internal readonly record struct ProcessSample(long RssBytes, long PeakRssBytes, int Threads, TimeSpan CpuTime)
{
    /// <summary>Clock ticks per second of <c>utime</c>/<c>stime</c> (<c>getconf CLK_TCK</c>; 100 on Linux).</summary>
    private const double ClockTicksPerSecond = 100;

    public static ProcessSample Read(int pid)
    {
        long rss = 0, peak = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessSample(rss, peak, threads, TimeSpan.FromSeconds(ticks / ClockTicksPerSecond));
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
