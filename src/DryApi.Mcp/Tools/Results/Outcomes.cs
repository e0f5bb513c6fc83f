using System.ComponentModel;

namespace DryApi.Mcp.Tools.Results;

/// <summary>Where a job stands, and its result when it has one.</summary>
internal sealed record JobOutcome
{
    [Description("dryAPI's id of the job. Pass it to check_job_status; never resubmit a job that has one.")]
    public required string RequestId { get; init; }

    [Description("pending, processing, done or error.")]
    public required string Status { get; init; }

    [Description("Progress reported by dryAPI, 0 to 100.")]
    public double Progress { get; init; }

    [Description("True when the job is done or failed.")]
    public bool Finished { get; init; }

    [Description("Download URL of the result (a signed URL that expires).")]
    public string? ResultUrl { get; init; }

    [Description("Media type of the result at result_url.")]
    public string? ResultMediaType { get; init; }

    [Description("The image result as JPEG, when dryAPI offers it.")]
    public string? JpgUrl { get; init; }

    [Description("The image result as WebP, when dryAPI offers it.")]
    public string? WebpUrl { get; init; }

    [Description("Text result (transcript, OCR text, embedding JSON), or the page of it starting at text_offset.")]
    public string? Text { get; init; }

    [Description("Offset of text in the whole text result.")]
    public int? TextOffset { get; init; }

    [Description("Length of the whole text result.")]
    public int? TextTotalLength { get; init; }

    [Description("When more text follows: the text_offset to pass to check_job_status to read on.")]
    public int? NextTextOffset { get; init; }

    [Description("dryAPI's error code when the job failed, e.g. PROCESSING_ERROR.")]
    public string? ErrorCode { get; init; }

    [Description("dryAPI's error message when the job failed.")]
    public string? ErrorMessage { get; init; }

    [Description("When result_url, jpg_url and webp_url stop working (ISO 8601, UTC), read from dryAPI's signed link. check_job_status gives fresh links.")]
    public DateTimeOffset? LinksExpireAt { get; init; }

    [Description("The model the job runs with.")]
    public string? Model { get; init; }

    [Description("How the model and the values not given were chosen: the server's pick of model, values taken from the model's defaults, adjustments.")]
    public string? ModelChoice { get; init; }

    [Description("What this job costs in US dollars: dryAPI's quote for the exact parameters sent.")]
    public decimal? CostUsd { get; init; }

    [Description("Why cost_usd is missing, when it is.")]
    public string? CostNote { get; init; }

    [Description("The account balance in US dollars once this job was charged.")]
    public decimal? BalanceUsd { get; init; }

    [Description("What to do next.")]
    public string? NextStep { get; init; }
}

/// <summary>A quote for a job, computed by dryAPI for the exact parameters given.</summary>
internal sealed record PriceOutcome(
    [property: Description("The tool whose job was quoted.")] string Tool,
    [property: Description("Price in US dollars.")] decimal PriceUsd);

/// <summary>What a paid synchronous tool answers, with its receipt.</summary>
internal abstract record PaidOutcome
{
    [Description("What this call cost in US dollars: dryAPI's quote for the exact parameters sent.")]
    public decimal? CostUsd { get; init; }

    [Description("Why cost_usd is missing, when it is.")]
    public string? CostNote { get; init; }

    [Description("The account balance in US dollars once this call was charged.")]
    public decimal? BalanceUsd { get; init; }

    /// <summary>A copy of the same outcome (of its own type) with the receipt's figures.</summary>
    public TOutcome With<TOutcome>(Receipt receipt)
        where TOutcome : PaidOutcome =>
        (TOutcome)(this with { CostUsd = receipt.CostUsd, CostNote = receipt.CostNote, BalanceUsd = receipt.BalanceUsd });
}

internal sealed record EnhancedPromptOutcome(
    [property: Description("The improved prompt.")] string Prompt,
    [property: Description("The improved negative prompt, when one was given or suggested.")] string? NegativePrompt) : PaidOutcome;

internal sealed record SamplePromptOutcome(
    [property: Description("text2image or text2speech.")] string Type,
    [property: Description("A ready-to-use prompt.")] string Prompt) : PaidOutcome;

internal sealed record BalanceOutcome([property: Description("Account balance in US dollars.")] decimal BalanceUsd);
