using System.Globalization;
using System.Text.Json.Nodes;
using DryApi.Client;
using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace DryApi.Mcp.Bench;

/// <summary>
/// Section 6: 20 jobs of one Basic-tier key, already submitted, waited at once by 20 <c>check_job_status</c> calls
/// through the server (simulator and server as separate processes). The jobs are submitted straight to the simulator,
/// spread over endpoints so that none passes its per-minute limit (txt2audio allows 5 a minute), and one more
/// text_to_audio call through the server shows what a refused submission tells the caller. The simulator's journal is
/// the witness of every status request and its answer.
/// </summary>
internal static class BasicTierBenchmark
{
    private const string BasicKey = "2|bench-basic-key";
    private const int StatusPerMinute = 50;
    private const int StatusPerDay = 200;
    private const int WaitSeconds = 300;

    /// <summary>The 20 jobs: as many of each endpoint as its Basic limit per minute allows (txt2img 3, txt2audio 5, txt2embedding 10, txt2video 1, txt2music 1).</summary>
    private static readonly (string Endpoint, int Count, Func<int, (IDryApiOperation Operation, object Request)> Make)[] Jobs =
    [
        ("txt2img", 3, index => (DryApiOperations.TextToImage, new TextToImageRequest
        {
            Prompt = $"a lighthouse at dawn, take {index}", Model = "Flux1schnell", Width = 512, Height = 512, Guidance = 0, Steps = 4, Seed = index,
        })),
        ("txt2audio", 5, index => (DryApiOperations.TextToSpeech, new TextToSpeechRequest
        {
            Text = $"Chapter {index}.", Model = "Kokoro", Voice = "af_sky", Lang = "en-us", Speed = 1, Format = "wav", SampleRate = 24000,
        })),
        ("txt2embedding", 10, index => (DryApiOperations.TextToEmbedding, new TextToEmbeddingRequest { Input = $"passage {index}", Model = "Bge_M3_FP16" })),
        ("txt2video", 1, index => (DryApiOperations.TextToVideo, new TextToVideoRequest
        {
            Prompt = "waves at dusk", Model = "Ltx2_19B_Dist_FP8", Width = 768, Height = 768, Guidance = 1, Steps = 8, Frames = 49, Fps = 24, Seed = index,
        })),
        ("txt2music", 1, index => (DryApiOperations.TextToMusic, new TextToMusicRequest
        {
            Caption = "calm lo-fi piano", Model = "ACE-Step-v1.5-turbo", Lyrics = "[Instrumental]", Duration = 10, InferenceSteps = 8, GuidanceScale = 7, Seed = index, Format = "mp3",
        })),
    ];

    /// <summary>Job durations per kind in the simulator: long enough that all 20 waits overlap for minutes.</summary>
    private static readonly Dictionary<JobKind, TimeSpan> Durations = new()
    {
        [JobKind.Image] = TimeSpan.FromSeconds(60),
        [JobKind.Audio] = TimeSpan.FromSeconds(90),
        [JobKind.Text] = TimeSpan.FromSeconds(45),
        [JobKind.Video] = TimeSpan.FromSeconds(150),
    };

    private sealed record Outcome(string RequestId, string? Status, bool HasResult, bool HasRequestId, string? Error);

    public static async Task RunAsync(BenchPaths paths)
    {
        using var control = Wire.NewClient();
        using var simulator = await StartSimulatorAsync(paths, control);
        using var server = await RunningService.ServerAsync(paths, control, simulator.Address);
        using var http = Wire.NewClient();

        var (requestIds, refusedDirectly) = await SubmitAsync(simulator.Address);
        var refusal = await RefusedSubmissionAsync(http, server.Address);
        var started = DateTimeOffset.UtcNow;
        var outcomes = await Task.WhenAll(requestIds.Select((id, index) => Task.Run(() => WaitAsync(http, server.Address, id, index))));
        var took = DateTimeOffset.UtcNow - started;

        var journal = (await Wire.JournalAsync(control, simulator.Address))
            .Select(entry => entry!)
            .Where(entry => entry["apiKey"]?.GetValue<string>() == BasicKey)
            .ToArray();
        var status = journal.Where(entry => entry["path"]!.GetValue<string>().Contains("/request-status/", StringComparison.Ordinal)).ToArray();
        var refused = status.Count(entry => entry["statusCode"]!.GetValue<int>() == 429);
        var times = status.Select(entry => entry["at"]!.GetValue<DateTimeOffset>()).Order().ToArray();
        var peak = times.Select((at, index) => times.Skip(index).Count(later => later - at < TimeSpan.FromMinutes(1))).DefaultIfEmpty(0).Max();
        var submissionsRefused = journal.Count(entry => !entry["path"]!.GetValue<string>().Contains("/request-status/", StringComparison.Ordinal)
            && entry["statusCode"]!.GetValue<int>() == 429);

        var delivered = outcomes.Count(outcome => outcome.HasResult || outcome.HasRequestId);
        var results = outcomes.Count(outcome => outcome.HasResult);
        var table = new MarkdownTable("measure", "value", "target")
            .Add("jobs submitted straight to the simulator (refused)", $"{requestIds.Count} ({refusedDirectly})", "")
            .Add("concurrent check_job_status waits", requestIds.Count, "")
            .Add("status requests answered 429 (journal)", refused, $"0: {MarkdownTable.Met(refused == 0)}")
            .Add("calls that delivered the job's result or its request_id", $"{delivered} of {requestIds.Count}", $"100%: {MarkdownTable.Met(delivered == requestIds.Count)}")
            .Add("of them with the job's result", $"{results} of {requestIds.Count}", "")
            .Add("status requests in all (journal)", status.Length, $"within the day's {StatusPerDay}: {MarkdownTable.Met(status.Length <= StatusPerDay)}")
            .Add("status requests per job", (double)status.Length / requestIds.Count, "")
            .Add("most status requests in any 60 s", peak, $"≤ {StatusPerMinute}: {MarkdownTable.Met(peak <= StatusPerMinute)}")
            .Add("all waits returned after (s)", took.TotalSeconds, "")
            .Add("submissions answered 429 (the deliberate 6th txt2audio)", submissionsRefused, "")
            .Add("what the caller of the refused submission read", refusal, "");
        foreach (var failed in outcomes.Where(outcome => !(outcome.HasResult || outcome.HasRequestId)))
        {
            await Console.Error.WriteLineAsync($"  job {failed.RequestId}: {failed.Error}");
        }

        Console.WriteLine($"### 6. One Basic-tier key, {requestIds.Count} concurrent waits ({StatusPerMinute} status requests a minute, {StatusPerDay} a day)");
        Console.WriteLine();
        Console.WriteLine(table);
    }

    /// <summary>The simulator with the bench's Unlimited key (the server's readiness check uses it) and the Basic key under test.</summary>
    private static async Task<RunningService> StartSimulatorAsync(BenchPaths paths, HttpClient control)
    {
        var port = FreePort.Next();
        string[] arguments =
        [
            "--Urls", $"http://127.0.0.1:{port}",
            "--Simulator:Keys:0:Key", Wire.ApiKey, "--Simulator:Keys:0:Tier", "Unlimited", "--Simulator:Keys:0:Balance", "1000000",
            "--Simulator:Keys:1:Key", BasicKey, "--Simulator:Keys:1:Tier", "Basic", "--Simulator:Keys:1:Balance", "1000",
            .. Durations.SelectMany(duration => new[] { $"--Simulator:JobDurations:{duration.Key}", duration.Value.ToString("c", CultureInfo.InvariantCulture) }),
        ];
        var process = ChildProcess.Start(Path.Combine(paths.Work, "simulator-basic.log"), Path.Combine(paths.Simulator, "DryApi.Simulator"), arguments);
        var address = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            await process.WaitUntilAsync(() => RunningService.AnswersBalanceAsync(control, address), TimeSpan.FromSeconds(60));
            return new RunningService(process, address);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Submits the 20 jobs with the Basic key, as dryAPI's own client would; a refused one is counted, not retried.</summary>
    private static async Task<(List<string> RequestIds, int Refused)> SubmitAsync(Uri simulator)
    {
        var services = new ServiceCollection();
        services.AddDryApiClient().Configure(options =>
        {
            options.BaseUrl = simulator;
            options.MaxRetries = 0;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<DryApiClientFactory>().Create(new DryApiCredential(BasicKey));
        var requestIds = new List<string>();
        var refused = 0;
        foreach (var (endpoint, count, make) in Jobs)
        {
            for (var index = 0; index < count; index++)
            {
                var (operation, request) = make(index);
                try
                {
                    var submission = (DryApi.Client.Responses.JobSubmission)await client.SendAsync(operation, request);
                    requestIds.Add(submission.RequestId);
                }
                catch (DryApiRateLimitException exception)
                {
                    refused++;
                    await Console.Error.WriteLineAsync($"  {endpoint} submission refused: {exception.Message}");
                }
            }
        }

        return (requestIds, refused);
    }

    /// <summary>A sixth text_to_audio in the same minute, through the server: what the caller is told.</summary>
    private static async Task<string> RefusedSubmissionAsync(HttpClient http, Uri endpoint)
    {
        var body = await Wire.SendAsync(
            http, Wire.Post(endpoint, Wire.ToolCall("text_to_audio", new JsonObject { ["text"] = "One too many." }, 1000), apiKey: BasicKey), CancellationToken.None);
        var result = Wire.Response(body)?["result"];
        var text = result?["content"]?[0]?["text"]?.GetValue<string>() ?? body;
        return (result?["isError"]?.GetValue<bool>() == true ? "error: " : "not refused: ") + text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
    }

    /// <summary>One agent's check_job_status with wait_seconds, asking for progress (so the server's longer wait budget applies).</summary>
    private static async Task<Outcome> WaitAsync(HttpClient http, Uri endpoint, string requestId, int index)
    {
        var call = JsonNode.Parse(Wire.ToolCall("check_job_status", new JsonObject { ["request_id"] = requestId, ["wait_seconds"] = WaitSeconds }, index + 1))!;
        call["params"]!["_meta"] = new JsonObject { ["progressToken"] = $"wait-{index}" };
        try
        {
            var body = await Wire.SendAsync(http, Wire.Post(endpoint, call.ToJsonString(), apiKey: BasicKey), CancellationToken.None);
            var result = Wire.Response(body)?["result"];
            var structured = result?["structuredContent"];
            var text = result?["content"]?[0]?["text"]?.GetValue<string>();
            return new Outcome(
                requestId,
                structured?["status"]?.GetValue<string>(),
                structured?["status"]?.GetValue<string>() == "done" && (structured["result_url"] is not null || structured["result"] is not null),
                structured?["request_id"]?.GetValue<string>() == requestId || text?.Contains(requestId, StringComparison.Ordinal) == true,
                result?["isError"]?.GetValue<bool>() == true ? text : null);
        }
        catch (HttpRequestException exception)
        {
            return new Outcome(requestId, null, false, false, exception.Message);
        }
    }
}
