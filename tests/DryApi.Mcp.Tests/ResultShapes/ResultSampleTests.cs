using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.ResultShapes;

/// <summary>
/// What a client receives for each kind of job — every content block, the structured result and isError — against
/// reviewed golden samples in <c>ResultShapes/golden/</c>, one per kind, so a change to what users and agents see is reviewed.
/// Ids, signed-link parameters, ports, moments and inline media bytes are replaced by placeholders. After an intended
/// change, regenerate and review the diff:
/// <code>UPDATE_GOLDEN=1 dotnet test tests/DryApi.Mcp.Tests --filter FullyQualifiedName~ResultSampleTests</code>
/// </summary>
public sealed partial class ResultSampleTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const string UpdateCommand = "UPDATE_GOLDEN=1 dotnet test tests/DryApi.Mcp.Tests --filter FullyQualifiedName~ResultSampleTests";

    private const int LongText = 600;

    private static readonly JsonSerializerOptions GoldenFormat = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public static TheoryData<string> Kinds =>
    [
        "text_to_image", "text_to_video", "text_to_audio", "text_to_music", "audio_transcription", "image_to_text", "text_to_embedding",
        "image_prompt_booster",
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_finished_result_matches_its_golden_sample(string tool)
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());
        var sample = ToolSamples.All[tool];

        var result = await client.CallToolAsync(tool, await sample.Arguments(client), cancellationToken: CancellationToken);

        AssertGolden(tool, result);
    }

    [Fact]
    public async Task A_failed_job_matches_its_golden_sample()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobError) { ApiKey = key, PathContains = "/" + DryApiOperations.TextToImage.Contract.Path });
        await using var client = await harness.ConnectAsync(key);

        AssertGolden("failed-job", await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken));
    }

    [Fact]
    public async Task A_job_still_running_when_the_wait_ends_matches_its_golden_sample()
    {
        await using var slow = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            JobDurations = new Dictionary<JobKind, TimeSpan> { [JobKind.Video] = TimeSpan.FromMinutes(5) },
            Configuration = new Dictionary<string, string?> { ["Mcp:WaitBudget"] = "00:00:01" },
        });
        await using var client = await slow.ConnectAsync(slow.NewKey());
        var sample = ToolSamples.All["text_to_video"];

        AssertGolden("still-running", await client.CallToolAsync("text_to_video", await sample.Arguments(client), cancellationToken: CancellationToken));
    }

    private static void AssertGolden(string name, CallToolResult result)
    {
        var actual = Normalised(result);
        var fileName = name + ".json";
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var source = RepositoryFiles.PathOf("tests", "DryApi.Mcp.Tests", "ResultShapes", "golden", fileName)
                ?? throw new InvalidOperationException("UPDATE_GOLDEN=1 needs the checkout (DryApi.Mcp.sln) above the test output.");
            File.WriteAllText(source, actual);
            return;
        }

        var goldenPath = Path.Combine(AppContext.BaseDirectory, "ResultShapes", "golden", fileName);
        Assert.True(File.Exists(goldenPath), $"{goldenPath} is missing. Create it with: {UpdateCommand}");
        Assert.Equal(File.ReadAllText(goldenPath).ReplaceLineEndings("\n"), actual);
    }

    /// <summary>The result as the protocol writes it, with what differs from run to run replaced by placeholders.</summary>
    private static string Normalised(CallToolResult result)
    {
        var node = JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions)!.AsObject();
        node.Remove("_meta");
        foreach (var block in node["content"]!.AsArray().Select(block => block!.AsObject()))
        {
            if (block["data"] is { } data)
            {
                block["data"] = $"<{Convert.FromBase64String(data.GetValue<string>()).Length switch { > 0 => "base64 bytes", _ => "empty" }}>";
            }
        }

        HideJobText(node);
        Shorten(node);
        var json = node.ToJsonString(GoldenFormat).ReplaceLineEndings("\n");
        json = RequestId().Replace(json, "<request_id>");
        json = Origin().Replace(json, "http://<dryapi>");
        json = Signature().Replace(json, "?<signed>");
        json = Moment().Replace(json, "<moment>");
        return IsoMoment().Replace(json, "<moment>") + "\n";
    }

    /// <summary>The simulator makes up a new transcript or OCR text for each job: its place is kept, not its words.</summary>
    private static void HideJobText(JsonObject node)
    {
        if (node["structuredContent"]?["text"]?.GetValue<string>() is not { } text || node["structuredContent"]?["text_total_length"] is null)
        {
            return;
        }

        node["structuredContent"]!["text"] = "<the job's text>";
        node["structuredContent"]!["text_total_length"] = "<its length>";
        foreach (var block in node["content"]!.AsArray().Select(block => block!.AsObject()).Where(block => block["text"]?.GetValue<string>() == text))
        {
            block["text"] = "<the job's text>";
        }
    }

    /// <summary>Long texts (an embedding's JSON) keep their start and their length, which is what a review needs.</summary>
    private static void Shorten(JsonNode node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonNode>())
            {
                Shorten(item);
            }

            return;
        }

        if (node is not JsonObject json)
        {
            return;
        }

        foreach (var (key, child) in json.ToList())
        {
            if (child is JsonValue value && value.TryGetValue(out string? text) && text.Length > LongText)
            {
                json[key] = $"{text[..120]}…<{text.Length} characters>";
            }
            else if (child is not null)
            {
                Shorten(child);
            }
        }
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RequestId();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Origin();

    [GeneratedRegex(@"\?expires=\d+&signature=[0-9a-f]+")]
    private static partial Regex Signature();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC")]
    private static partial Regex Moment();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")]
    private static partial Regex IsoMoment();
}
