using System.Diagnostics;
using System.Net;

namespace DryApi.Mcp.Bench;

/// <summary>What one run of <see cref="ScaleLoad"/> saw from the client's side.</summary>
/// <param name="Durations">Each successful call's duration in seconds, sorted.</param>
internal sealed record ScaleLoadResult(
    int Calls, int Completed, int Failures, double[] Durations, DateTimeOffset Started, DateTimeOffset FirstReturn, DateTimeOffset LastReturn, TimeSpan StartSpan);

/// <summary>
/// Many <c>tools/call text_to_image</c> calls (each a different job), started at a steady rate and all left open until
/// their jobs are done: the calls wait at once. Call <c>i</c> uses key <c>i mod keys</c>. Over HTTP/1.1 each call has a
/// connection of its own, as independent clients have; over HTTP/2 calls are streams on a few connections.
/// </summary>
internal static class ScaleLoad
{
    private const int FailuresPrinted = 5;

    /// <summary>An HTTP client that holds any number of calls open at once, cheaply: sockets, no proxy, no connection limit.</summary>
    public static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
        EnableMultipleHttp2Connections = true,
    })
    {
        Timeout = TimeSpan.FromMinutes(10),
    };

    public static async Task<ScaleLoadResult> RunAsync(
        HttpClient http, Uri endpoint, Version version, IReadOnlyList<string> keys, int calls, double startedPerSecond)
    {
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var failures = 0;
        var running = new List<Task<(bool Done, double Seconds, DateTimeOffset Returned)>>(calls);
        while (running.Count < calls)
        {
            var due = Math.Min(calls, (int)(clock.Elapsed.TotalSeconds * startedPerSecond) + 1);
            while (running.Count < due)
            {
                var index = running.Count;
                running.Add(Task.Run(() => CallAsync(http, endpoint, version, keys[index % keys.Count], index, () => Interlocked.Increment(ref failures))));
            }

            await Task.Delay(10);
        }

        var startSpan = clock.Elapsed;
        var outcomes = await Task.WhenAll(running);
        var returned = outcomes.Select(outcome => outcome.Returned).Order().ToArray();
        return new ScaleLoadResult(
            calls,
            outcomes.Count(outcome => outcome.Done),
            failures,
            [.. outcomes.Where(outcome => outcome.Done).Select(outcome => outcome.Seconds).Order()],
            started,
            returned[0],
            returned[^1],
            startSpan);
    }

    private static async Task<(bool Done, double Seconds, DateTimeOffset Returned)> CallAsync(
        HttpClient http, Uri endpoint, Version version, string key, int index, Func<int> failed)
    {
        var clock = Stopwatch.StartNew();
        var request = Wire.Post(endpoint, Wire.ToolCall("text_to_image", Wire.TextToImage(index), index), apiKey: key);
        request.Version = version;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        try
        {
            var body = await Wire.SendAsync(http, request, CancellationToken.None);
            var status = Wire.ToolResult(body)["structuredContent"]?["status"]?.GetValue<string>();
            return status == "done" ? (true, clock.Elapsed.TotalSeconds, DateTimeOffset.UtcNow) : Failed($"status {status}");
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidDataException or TaskCanceledException)
        {
            return Failed(exception.Message);
        }

        (bool, double, DateTimeOffset) Failed(string reason)
        {
            if (failed() <= FailuresPrinted)
            {
                Console.Error.WriteLine($"  call {index} ({(version == HttpVersion.Version20 ? "HTTP/2" : "HTTP/1.1")}) failed: {reason}");
            }

            return (false, clock.Elapsed.TotalSeconds, DateTimeOffset.UtcNow);
        }
    }
}
