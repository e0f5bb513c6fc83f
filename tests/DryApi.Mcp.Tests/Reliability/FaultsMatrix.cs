using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Reliability;

/// <summary>One job tool per kind of job dryAPI runs; the matrix crosses each with every fault.</summary>
public sealed record FaultsJobTool(string Kind, string Tool)
{
    public static IReadOnlyList<FaultsJobTool> OnePerKind { get; } =
    [
        new("image", "text_to_image"),
        new("video", "text_to_video"),
        new("speech", "text_to_audio"),
        new("music", "text_to_music"),
        new("transcription", "audio_transcription"),
        new("OCR", "image_to_text"),
        new("embedding", "text_to_embedding"),
    ];

    /// <summary>The kinds whose text result the server downloads from the result URL itself.</summary>
    public static IReadOnlyList<FaultsJobTool> WithTextResult { get; } = [.. OnePerKind.Where(tool => tool.Kind is "transcription" or "OCR" or "embedding")];

    public ToolSample Sample => ToolSamples.All[Tool];

    public IDryApiOperation Operation => Sample.Operation;
}

/// <summary>What the agent must get when a fault hits a call.</summary>
public enum FaultsExpectation
{
    /// <summary>The job's result (or, for a job that never ends, its request_id and how to follow it).</summary>
    Result,

    /// <summary>A tool error naming what happened.</summary>
    Error,

    /// <summary>
    /// A tool error saying the job may be queued: dryAPI took the submission but its answer (and so the request_id)
    /// never reached the server, which cannot learn it any other way.
    /// </summary>
    AnswerLost,
}

/// <summary>
/// One fault of the matrix: the simulator rules that inject it for a key and job tool, what the agent must get, the
/// phrases its message must contain, how many submissions the journal must show, and how long to let the simulator
/// finish a request the client gave up on before reading the journal.
/// </summary>
public sealed record FaultsCase(
    string Name,
    Func<string, FaultsJobTool, FaultRule[]> Rules,
    FaultsExpectation Expectation,
    string[] Phrases,
    int Submissions = 1,
    TimeSpan Settle = default);

/// <summary>Runs one cell of the matrix and asserts the properties every cell must keep.</summary>
public static class FaultsMatrix
{
    /// <summary>
    /// Short timeouts and polls so the matrix fits in CI; a breaker threshold no cell can reach, so each cell sees only
    /// its own fault (the breaker has its own suite, <see cref="OutageTests"/>).
    /// </summary>
    public static McpHarnessSettings Settings { get; } = new()
    {
        Configuration = new Dictionary<string, string?>
        {
            ["DryApi:RequestTimeout"] = "00:00:01.500",
            ["DryApi:UploadTimeout"] = "00:00:01.500",
            ["DryApi:MaxRetries"] = "2",
            ["DryApi:CircuitBreakerFailures"] = "100000",
            ["Polling:MaxConsecutiveErrors"] = "3",
            ["Mcp:WaitBudget"] = "00:00:02",
            ["Polling:Image:InitialDelay"] = "00:00:00.050",
            ["Polling:Image:MaxDelay"] = "00:00:00.150",
            ["Polling:Video:InitialDelay"] = "00:00:00.050",
            ["Polling:Video:MaxDelay"] = "00:00:00.150",
            ["Polling:Audio:InitialDelay"] = "00:00:00.050",
            ["Polling:Audio:MaxDelay"] = "00:00:00.150",
            ["Polling:Text:InitialDelay"] = "00:00:00.050",
            ["Polling:Text:MaxDelay"] = "00:00:00.150",
        },
        JobDurations = Enum.GetValues<JobKind>().ToDictionary(kind => kind, _ => TimeSpan.FromMilliseconds(200)),
    };

    /// <summary>Longer than a request's timeout in <see cref="Settings"/>, so the attempt times out.</summary>
    public static TimeSpan BeyondTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>The path segment of a tool's submission, e.g. <c>/txt2img</c>.</summary>
    public static string SubmissionPath(FaultsJobTool tool) => "/" + tool.Operation.Contract.Path;

    /// <summary>Every tool × fault pair, by name, so each cell is a test case of its own.</summary>
    public static TheoryData<string, string> Cells(IEnumerable<FaultsJobTool> tools, IEnumerable<FaultsCase> faults)
    {
        var data = new TheoryData<string, string>();
        foreach (var fault in faults)
        {
            foreach (var tool in tools)
            {
                data.Add(tool.Tool, fault.Name);
            }
        }

        return data;
    }

    public static async Task RunAsync(McpServerHarness harness, string toolName, FaultsCase fault)
    {
        var tool = FaultsJobTool.OnePerKind.Single(candidate => candidate.Tool == toolName);
        var cancellation = TestContext.Current.CancellationToken;
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);
        var arguments = await tool.Sample.Arguments(client);
        foreach (var rule in fault.Rules(key, tool))
        {
            harness.Simulator.Faults.Add(rule);
        }

        var result = await client.CallToolAsync(tool.Tool, arguments, cancellationToken: cancellation);
        await Task.Delay(fault.Settle, cancellation);

        var text = result.Text();
        var agentSees = text + "\n" + (result.StructuredContent is { } structured ? structured.GetRawText() : string.Empty);
        AssertClearOutcome(result, text, fault);
        AssertEveryAcceptedJobReachedTheAgent(harness.RequestsBy(key, tool.Operation), agentSees, fault);

        var balance = await client.CallToolAsync("get_balance", new Dictionary<string, object?>(), cancellationToken: cancellation);
        Assert.True(balance.IsError != true, "After the fault the server must still answer: " + balance.Text());
        Assert.Empty(harness.LinesRevealingKeys());
    }

    private static void AssertClearOutcome(CallToolResult result, string text, FaultsCase fault)
    {
        Assert.Equal(fault.Expectation != FaultsExpectation.Result, result.IsError == true);
        Assert.All(fault.Phrases, phrase => Assert.Contains(phrase, text, StringComparison.Ordinal));
        Assert.DoesNotContain(" at DryApi.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("An error occurred invoking", text, StringComparison.Ordinal);
        if (result.IsError == true)
        {
            // What to do next: try again, check the job, fix the key or the parameters.
            Assert.Matches("(?i)try again|check_job_status|check your|check the|check that|retry after|submit (it|a new job)|top up|contact", text);
        }
    }

    private static void AssertEveryAcceptedJobReachedTheAgent(IReadOnlyList<RecordedRequest> submissions, string agentSees, FaultsCase fault)
    {
        Assert.Equal(fault.Submissions, submissions.Count);
        Assert.True(
            submissions.Count(submission => submission.StatusCode != 429) <= 1,
            "The submission was sent again after an answer other than 429: " + string.Join(", ", submissions.Select(s => s.StatusCode)));
        var accepted = submissions.Where(submission => submission.CreatedRequestId is not null).ToList();
        Assert.True(accepted.Count <= 1, $"{accepted.Count} jobs were queued for one tool call.");
        foreach (var job in accepted)
        {
            if (fault.Expectation == FaultsExpectation.AnswerLost)
            {
                Assert.Contains("may be queued", agentSees, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains(job.CreatedRequestId!, agentSees, StringComparison.Ordinal);
            }
        }
    }
}

/// <summary>A harness with <see cref="FaultsMatrix.Settings"/>, shared by the cells of one phase.</summary>
public sealed class FaultsHarness : IAsyncLifetime
{
    private McpServerHarness? harness;

    public McpServerHarness Harness => harness ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync() => harness = await McpServerHarness.StartAsync(FaultsMatrix.Settings);

    public async ValueTask DisposeAsync()
    {
        if (harness is not null)
        {
            await harness.DisposeAsync();
        }
    }
}
