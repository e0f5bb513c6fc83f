using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using DryApi.Client.Responses;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tools.Results;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tools;

internal sealed class NoArguments;

internal sealed class BalanceTool() : DryApiTool(
    new ToolCard("get_balance", "dryAPI account balance",
        "Returns the dryAPI account's balance in US dollars. Free. Use it before expensive jobs, or when a job was refused for insufficient balance.",
        ToolGroup.Account, ReadOnly: true),
    typeof(NoArguments),
    typeof(BalanceOutcome))
{
    protected override async Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        call.Bind<NoArguments>();
        var balance = await call.Client.GetBalanceAsync(cancellationToken);
        var outcome = new BalanceOutcome(balance.Balance);
        return ToolResults.Structured(outcome,
            [new TextContentBlock { Text = $"Balance: {balance.Balance.ToString("0.####", CultureInfo.InvariantCulture)} USD." }]);
    }
}

internal sealed class ModelsArguments
{
    [Description("Only models for this inference type, e.g. txt2img, img2img, txt2video, img2video, audio2video, txt2audio, " +
                 "txt2music, txt2embedding, img2txt, video2text, audio2text, video_file2text, audio_file2text, img-rmbg, " +
                 "img-upscale, vid-rmbg, vid-upscale. Omit for all models.")]
    public string? InferenceType { get; init; }
}

internal sealed record ModelsOutcome(
    [property: Description("The models, each with the slug to pass as 'model', its inference types, limits, features and defaults.")]
    IReadOnlyList<DryApiModel> Models,
    [property: Description("How many models are listed.")] int Count);

internal sealed class ModelsTool() : DryApiTool(
    new ToolCard("get_available_models", "dryAPI models",
        "Lists dryAPI's models: the slug to pass as 'model', the inference types each serves, and its limits (sizes, steps, " +
        "frames, text length), features (guidance, negative prompt, LoRAs, voices) and defaults. Free. Filter by inference type " +
        "to find the models for one tool.",
        ToolGroup.Account, ReadOnly: true),
    typeof(ModelsArguments),
    typeof(ModelsOutcome))
{
    protected override async Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var arguments = call.Bind<ModelsArguments>();
        var filter = arguments.InferenceType is { Length: > 0 } type ? new[] { type } : null;
        var catalog = await call.Client.GetModelsAsync(filter, cancellationToken);
        var outcome = new ModelsOutcome(catalog.Models, catalog.Models.Count);
        return ToolResults.Structured(outcome, [ToolResults.AsText(outcome)]);
    }
}

internal sealed class JobStatusArguments
{
    [Description("The request_id a job tool returned (a UUID).")]
    [RequestId]
    public required string RequestId { get; init; }

    [Description("Seconds to wait for the job to finish before answering (0 = answer at once). At most 300.")]
    [Range(0, 300)]
    public int WaitSeconds { get; init; }

    [Description("For a long text result: where to start reading (the next_text_offset of the previous answer).")]
    [Range(0, int.MaxValue)]
    public int TextOffset { get; init; }

    [Description("For a long text result: how many characters to return (default 20000).")]
    [Range(1, 1_000_000)]
    public int? TextLength { get; init; }

    [Description("Optional. A done image result comes with a small preview image, and a short audio result with the audio " +
                 "itself, beside the full-size link; pass false to get only the link.")]
    public bool Preview { get; init; } = true;
}

/// <summary>dryAPI's request ids are UUIDs; anything else would only change the path requested of dryAPI.</summary>
internal sealed class RequestIdAttribute : ValidationAttribute
{
    public RequestIdAttribute()
        : base("must be the request_id a job tool returned: a UUID such as c08a339c-73e5-4d67-a4d5-231302fbff9a. Copy it from the job tool's answer.")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is string { Length: 36 } text && Guid.TryParseExact(text, "D", out _));

    public override string FormatErrorMessage(string name) => ErrorMessageString;
}

internal sealed class JobStatusTool() : DryApiTool(
    new ToolCard("check_job_status", "Check a dryAPI job",
        "Returns the status of a job by its request_id, and its result when done (result URL, or text). Free. Use it when a job " +
        "tool returned a request_id with status pending or processing, instead of submitting the job again. wait_seconds waits " +
        "for completion; text_offset pages through long transcripts.",
        ToolGroup.Account, ReadOnly: true),
    typeof(JobStatusArguments),
    typeof(JobOutcome))
{
    private static readonly TimeSpan LongestFirstLook = TimeSpan.FromSeconds(10);

    public override bool ReturnsJobs => true;

    protected override async Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var arguments = call.Bind<JobStatusArguments>();
        var window = new TextWindow(arguments.TextOffset, arguments.TextLength);
        var statusBudget = call.Get<StatusBudgets>().For(call.Credential);
        var poll = statusBudget.Polls(call.Client, arguments.RequestId);
        var limit = call.RemainingWaitBudget();
        var budget = TimeSpan.FromSeconds(arguments.WaitSeconds);
        budget = budget < limit ? budget : limit;

        // This first look may spend the daily reserve that waits leave for it, and goes before them (one request that an
        // agent is waiting on); it only waits for the minute's pacing.
        var turn = await statusBudget.TakeTurnAsync(
            double.MinValue, budget > LongestFirstLook ? budget : LongestFirstLook, mayUseReserve: true, cancellationToken);
        if (!turn.Granted)
        {
            return ToolResults.Error(
                $"Job {arguments.RequestId} was not checked: this API key's status requests for this minute (dryAPI's rate limit) are " +
                "all in use by this server's other waits. Call check_job_status again in a minute; the job continues meanwhile.");
        }

        var status = await poll(cancellationToken);
        var wait = new JobWait(status.IsFinished ? JobWaitEnd.Finished : JobWaitEnd.BudgetSpent, status, null, 1);
        if (!status.IsFinished && arguments.WaitSeconds > 0)
        {
            wait = await call.Get<JobWaiter>().WaitAsync(
                poll,
                // The kind of a job known only by its id is unknown; audio's policy is responsive and still backs off.
                DryApi.Client.Contract.JobKind.Audio,
                budget,
                next => call.ReportProgressAsync(next.Progress, $"Job {arguments.RequestId}: {next.Status}", cancellationToken),
                cancellationToken,
                statusBudget);
        }

        return await call.Get<JobResultShaper>().ShapeAsync(arguments.RequestId, wait, null, window, PreviewRequest.Of(call), facts: null, cancellationToken);
    }
}
