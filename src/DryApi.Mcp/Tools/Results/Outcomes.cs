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

    [Description("What to do next, when there is something to do.")]
    public string? NextStep { get; init; }
}

/// <summary>A quote for a job, computed by dryAPI for the exact parameters given.</summary>
internal sealed record PriceOutcome(
    [property: Description("The tool whose job was quoted.")] string Tool,
    [property: Description("Price in US dollars.")] decimal PriceUsd);

internal sealed record EnhancedPromptOutcome(
    [property: Description("The improved prompt.")] string Prompt,
    [property: Description("The improved negative prompt, when one was given or suggested.")] string? NegativePrompt);

internal sealed record SamplePromptOutcome(
    [property: Description("text2image or text2speech.")] string Type,
    [property: Description("A ready-to-use prompt.")] string Prompt);

internal sealed record BalanceOutcome([property: Description("Account balance in US dollars.")] decimal BalanceUsd);
