using System.Diagnostics;
using System.Text.Json.Nodes;

namespace DryApi.Mcp.Bench;

/// <summary>
/// Section 5: clients that give up on a call after 60 seconds, progress or not (the TypeScript SDK's default), on
/// 3-minute videos: each asks for a video with a progress token, then retries the identical call as an agent does
/// after a timeout. Counted: answers with a request_id before the client's timeout, and submissions the simulator's
/// journal saw beyond one per client.
/// </summary>
internal static class LongJobsBenchmark
{
    private const int Clients = 20;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Video = TimeSpan.FromMinutes(3);

    private sealed record Answer(string? RequestId, TimeSpan Took);

    public static async Task RunAsync(BenchPaths paths)
    {
        using var control = Wire.NewClient();
        using var simulator = await RunningService.SimulatorAsync(paths, control, TimeSpan.FromSeconds(3),
            ["--Simulator:JobDurations:Video", Video.ToString("c", System.Globalization.CultureInfo.InvariantCulture)]);
        using var server = await RunningService.ServerAsync(paths, control, simulator.Address);
        using var http = Wire.NewClient();

        var firsts = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => CallAsync(http, server.Address, client)));
        var retries = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => CallAsync(http, server.Address, client)));
        var submissions = await SubmissionsAsync(control, simulator.Address);

        var delivered = firsts.Count(answer => answer.RequestId is not null && answer.Took < ClientTimeout);
        var followed = firsts.Zip(retries).Count(pair => pair.First.RequestId is not null && pair.First.RequestId == pair.Second.RequestId && pair.Second.Took < ClientTimeout);
        var duplicates = submissions - Clients;
        var slowest = firsts.Concat(retries).Max(answer => answer.Took);
        Console.WriteLine($"### 5. Long jobs and 60-second clients ({Clients} clients, {Video.TotalMinutes:0}-minute videos, progress tokens sent)");
        Console.WriteLine();
        Console.WriteLine(new MarkdownTable("measure", "value", "target")
            .Add("request_ids delivered before the client's 60 s timeout", $"{delivered} of {Clients}", $"100%: {MarkdownTable.Met(delivered == Clients)}")
            .Add("identical retries answered in time with the same job", $"{followed} of {Clients}", "")
            .Add("duplicate submissions (journal)", duplicates, $"0: {MarkdownTable.Met(duplicates == 0)}")
            .Add("slowest answer (s)", slowest.TotalSeconds, "< 60"));
    }

    /// <summary>One client's call, cut at its timeout as the client would; the request_id it got in time, if any.</summary>
    private static async Task<Answer> CallAsync(HttpClient http, Uri endpoint, int client)
    {
        var arguments = new JsonObject
        {
            ["prompt"] = $"waves at dusk, take {client}",
            ["model"] = "Ltx2_19B_Dist_FP8",
            ["width"] = 768,
            ["height"] = 768,
            ["frames"] = 49,
            ["seed"] = client,
        };
        var started = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(ClientTimeout);
        try
        {
            var body = await Wire.SendAsync(http, Wire.Post(endpoint, Wire.ToolCall("text_to_video", arguments, client, $"video-{client}")), timeout.Token);
            return new Answer(Wire.ToolResult(body)["structuredContent"]?["request_id"]?.GetValue<string>(), started.Elapsed);
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"  client {client}: {exception.Message}");
            return new Answer(null, started.Elapsed);
        }
    }

    private static async Task<int> SubmissionsAsync(HttpClient control, Uri simulator)
    {
        var journal = await Wire.JournalAsync(control, simulator);
        return journal.Count(entry =>
            entry?["method"]?.GetValue<string>() == "POST"
            && entry["path"]!.GetValue<string>() is var path
            && path.Contains("txt2video", StringComparison.Ordinal)
            && !path.Contains("price", StringComparison.Ordinal));
    }
}
