using System.Diagnostics;
using System.Globalization;

namespace DryApi.Mcp.Tests.Load;

/// <summary>
/// The test process's memory at one moment of a load run (the MCP host, the simulator and the clients share it):
/// the managed heap after a full blocking collection, the GC's heap size after it, and the working set.
/// </summary>
internal sealed record MemorySample(TimeSpan At, long ManagedHeapBytes, long GcHeapSizeBytes, long WorkingSetBytes)
{
    /// <summary>
    /// The lowest of three readings a second apart: what the calls in flight hold comes and goes, what leaks stays,
    /// so the lowest reading is the one that shows growth.
    /// </summary>
    public static async Task<MemorySample> TakeAsync(Func<TimeSpan> now, CancellationToken cancellationToken)
    {
        var lowest = Read(now());
        for (var reading = 1; reading < 3; reading++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var next = Read(now());
            lowest = next.ManagedHeapBytes < lowest.ManagedHeapBytes ? next : lowest;
        }

        return lowest;
    }

    private static MemorySample Read(TimeSpan at)
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        using var process = Process.GetCurrentProcess();
        return new MemorySample(at, managed, info.HeapSizeBytes, process.WorkingSet64);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{At.TotalSeconds:0}s: managed heap {Megabytes(ManagedHeapBytes)} MB, GC heap {Megabytes(GcHeapSizeBytes)} MB, working set {Megabytes(WorkingSetBytes)} MB");

    public static double Megabytes(long bytes) => Math.Round(bytes / 1048576.0, 1);
}
