using System.Diagnostics;

namespace DryApi.Mcp.Bench;

/// <summary>Latency and throughput of one target at one concurrency.</summary>
internal sealed record LoadResult(string Target, int Concurrency, int Calls, int Failures, double P50Ms, double P99Ms, double CallsPerSecond);

/// <summary>
/// N workers each calling the target back to back: a warm-up whose calls are discarded, then a measured window.
/// A call counts when it starts and ends inside the window; percentiles are nearest-rank over the sorted samples.
/// </summary>
internal static class LoadLoop
{
    public static async Task<LoadResult> RunAsync(LoadTarget target, int concurrency, TimeSpan warmUp, TimeSpan measured)
    {
        var calls = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => target.ConnectAsync(CancellationToken.None)));
        var clock = Stopwatch.StartNew();
        var end = warmUp + measured;
        var workers = calls.Select(call => Task.Run(() => WorkAsync(call, clock, warmUp, end))).ToArray();
        var results = await Task.WhenAll(workers);

        var samples = results.SelectMany(result => result.Samples).Order().ToArray();
        var failures = results.Sum(result => result.Failures);
        return new LoadResult(target.Name, concurrency, samples.Length, failures,
            Percentile(samples, 0.50), Percentile(samples, 0.99), samples.Length / measured.TotalSeconds);
    }

    private static async Task<(List<double> Samples, int Failures)> WorkAsync(
        Func<CancellationToken, Task> call, Stopwatch clock, TimeSpan start, TimeSpan end)
    {
        var samples = new List<double>();
        var failures = 0;
        while (clock.Elapsed < end)
        {
            var began = clock.Elapsed;
            var failed = false;
            try
            {
                await call(CancellationToken.None);
            }
            catch (Exception exception) when (exception is HttpRequestException or InvalidDataException or TaskCanceledException)
            {
                failed = true;
                if (failures == 0 && began >= start)
                {
                    await Console.Error.WriteLineAsync($"  first failure: {exception.Message}");
                }
            }

            var ended = clock.Elapsed;
            if (began >= start && ended <= end)
            {
                if (failed)
                {
                    failures++;
                }
                else
                {
                    samples.Add((ended - began).TotalMilliseconds);
                }
            }
        }

        return (samples, failures);
    }

    public static double Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Length) - 1)];
}
