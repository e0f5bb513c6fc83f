using System.Globalization;
using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Jobs;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tools.Results;

/// <summary>The part of a text result to return: from <see cref="Offset"/>, at most <see cref="Length"/> characters.</summary>
internal sealed record TextWindow(int Offset, int? Length)
{
    public static TextWindow Start { get; } = new(0, null);
}

/// <summary>
/// Turns the end of a wait into what an agent can use: links to media, text inline (paged, so clients that cut long
/// results still get everything), and always the request_id and how to continue.
/// </summary>
internal sealed class JobResultShaper(ResultTextReader textReader, ResultPreviews previews, IOptions<McpHostOptions> options)
{
    /// <summary>
    /// The result of <paramref name="requestId"/>'s wait; with <paramref name="facts"/> (a job tool's own call) it also says
    /// which model ran and what the job costs, in the text and in the structured result alike.
    /// </summary>
    public async Task<CallToolResult> ShapeAsync(
        string requestId, JobWait wait, JobKind? kind, TextWindow window, PreviewRequest preview, JobFacts? facts, CancellationToken cancellationToken)
    {
        var status = wait.Status;
        var shaped = wait.End switch
        {
            JobWaitEnd.Finished when status!.IsFailed => Failed(requestId, status),
            JobWaitEnd.Finished => await DoneAsync(requestId, status!, kind, window, preview, cancellationToken),
            JobWaitEnd.BudgetSpent => StillRunning(requestId, status),
            JobWaitEnd.ServerStopping => LeftRunning(requestId, status),
            JobWaitEnd.StatusLimitReached => Spared(requestId, status, wait.Reason!, wait.LastError),
            _ => Unchecked(requestId, status, wait.LastError),
        };
        return (facts is null ? shaped : shaped.With(facts)).ToResult();
    }

    private async Task<ShapedResult> DoneAsync(
        string requestId, JobStatus status, JobKind? kind, TextWindow window, PreviewRequest preview, CancellationToken cancellationToken)
    {
        var mediaType = ResultMedia.TypeOf(status.ResultUrl);
        var text = status.Result;
        string? textFailure = null;
        if (text is null && status.ResultUrl is { } url && (kind == JobKind.Text || ResultMedia.IsText(mediaType)))
        {
            (text, textFailure) = await textReader.ReadAsync(url, cancellationToken);
        }

        var expiry = SignedLinks.ExpiryOf(status.ResultUrl);
        var outcome = new JobOutcome
        {
            RequestId = requestId,
            Status = status.Status,
            Progress = 100,
            Finished = true,
            ResultUrl = status.ResultUrl,
            ResultMediaType = mediaType,
            JpgUrl = status.ResultsAltFormats?.Jpg,
            WebpUrl = status.ResultsAltFormats?.Webp,
            LinksExpireAt = expiry,
            NextStep = textFailure is not null
                ? $"Download the text from the result link, or call check_job_status with request_id \"{requestId}\" to try reading it again."
                : status.ResultUrl is null ? "Nothing: the job is done and its whole result is here."
                : $"Show or download result_url{(expiry is null ? " soon: it is a signed link that expires" : " before links_expire_at")}. " +
                  $"For fresh links later, call check_job_status with request_id \"{requestId}\"; do not submit the job again.",
        };
        var content = new List<ContentBlock>();
        if (textFailure is not null)
        {
            content.Add(new TextContentBlock { Text = $"The text of job {requestId} could not be read inline: {textFailure}. {outcome.NextStep}" });
        }
        if (text is not null)
        {
            outcome = Page(outcome, text, window);
            content.Add(new TextContentBlock { Text = outcome.Text! });
            if (outcome.NextTextOffset is { } next)
            {
                content.Add(new TextContentBlock
                {
                    Text = $"[{(outcome.TextTotalLength - next)?.ToString(CultureInfo.InvariantCulture)} more characters: call check_job_status " +
                           $"with request_id \"{requestId}\" and text_offset {next.ToString(CultureInfo.InvariantCulture)} to read on.]",
                });
            }
        }

        if (status.ResultUrl is { } resultUrl)
        {
            content.Add(new TextContentBlock { Text = $"Job {requestId} is done. Result: {resultUrl} ({SignedLinks.Describe(expiry)}). {outcome.NextStep}" });
            content.Add(Link(resultUrl, mediaType, "The job's result"));
            if (outcome.JpgUrl is { } jpg)
            {
                content.Add(Link(jpg, "image/jpeg", "The result as JPEG"));
            }

            if (outcome.WebpUrl is { } webp)
            {
                content.Add(Link(webp, "image/webp", "The result as WebP"));
            }

            content.AddRange(await previews.ForAsync(resultUrl, mediaType, preview, cancellationToken));
        }

        return new ShapedResult(outcome, content);
    }

    private JobOutcome Page(JobOutcome outcome, string text, TextWindow window)
    {
        var offset = Math.Clamp(window.Offset, 0, text.Length);
        var length = Math.Min(window.Length ?? options.Value.TextPageSize, text.Length - offset);
        var next = offset + length < text.Length ? offset + length : (int?)null;
        return outcome with
        {
            Text = text.Substring(offset, length),
            TextOffset = offset,
            TextTotalLength = text.Length,
            NextTextOffset = next,
        };
    }

    private static ShapedResult Failed(string requestId, JobStatus status)
    {
        var code = status.ErrorCode ?? "UNKNOWN_ERROR";
        var message = status.Error ?? "dryAPI gave no detail.";
        var outcome = new JobOutcome
        {
            RequestId = requestId,
            Status = status.Status,
            Progress = status.Progress,
            Finished = true,
            ErrorCode = code,
            ErrorMessage = message,
            NextStep = "Check the parameters (or choose another model) and submit a new job; this one will not produce a result.",
        };
        return new ShapedResult(outcome, [new TextContentBlock { Text = $"dryAPI job {requestId} failed with {code}: {message} {outcome.NextStep}" }], IsError: true);
    }

    private static ShapedResult StillRunning(string requestId, JobStatus? status)
    {
        var outcome = Unfinished(requestId, status,
            $"The job is still running on dryAPI and is already paid for. Call check_job_status with request_id \"{requestId}\" " +
            "(and wait_seconds to wait there) to get the result. Do not submit it again.");
        return new ShapedResult(outcome, [new TextContentBlock { Text = $"Job {requestId} is {outcome.Status} ({ProgressText(outcome)}%). {outcome.NextStep}" }]);
    }

    private static ShapedResult LeftRunning(string requestId, JobStatus? status)
    {
        var outcome = Unfinished(requestId, status,
            $"The job continues on dryAPI and is already paid for. Call check_job_status with request_id \"{requestId}\" " +
            "once the server is back (or on another replica) to get the result. Do not submit it again.");
        return new ShapedResult(
            outcome,
            [new TextContentBlock { Text = $"This MCP server is restarting, so it stopped waiting for job {requestId}, which is {outcome.Status} ({ProgressText(outcome)}%). {outcome.NextStep}" }]);
    }

    /// <summary>The wait stopped to spare the key's last status requests of the day; the job goes on.</summary>
    private static ShapedResult Spared(string requestId, JobStatus? status, string reason, Exception? error)
    {
        var outcome = Unfinished(requestId, status,
            $"The job continues on dryAPI and is already paid for. Call check_job_status with request_id \"{requestId}\" (without " +
            "wait_seconds) once, later, to get the result; the key's status requests reset at midnight UTC. Do not submit it again.");
        var said = error is null ? string.Empty : $" The last status check was refused: {error.Message}";
        return new ShapedResult(
            outcome,
            [new TextContentBlock { Text = $"Stopped waiting for job {requestId}, which is {outcome.Status} ({ProgressText(outcome)}%). {reason}{said} {outcome.NextStep}" }],
            IsError: error is not null);
    }

    private static ShapedResult Unchecked(string requestId, JobStatus? status, Exception? error)
    {
        var outcome = Unfinished(requestId, status,
            $"The job may still be running and is paid for. Call check_job_status with request_id \"{requestId}\" in a minute. Do not submit it again.");
        return new ShapedResult(
            outcome,
            [new TextContentBlock { Text = $"Job {requestId} was submitted, but its status could not be checked ({error?.Message}). {outcome.NextStep}" }],
            IsError: true);
    }

    /// <summary>A job the wait left unfinished: its handle, its last known status, and what the agent should do next.</summary>
    private static JobOutcome Unfinished(string requestId, JobStatus? status, string nextStep) => new()
    {
        RequestId = requestId,
        Status = status?.Status ?? JobStatuses.Pending,
        Progress = status?.Progress ?? 0,
        NextStep = nextStep,
    };

    private static string ProgressText(JobOutcome outcome) => outcome.Progress.ToString("0.#", CultureInfo.InvariantCulture);

    private static ResourceLinkBlock Link(string url, string mediaType, string description) => new()
    {
        Uri = url,
        Name = ResultMedia.FileName(url),
        MimeType = mediaType,
        Description = description,
    };
}

/// <summary>A job result being put together: its structured outcome and the content blocks that say the same.</summary>
internal sealed record ShapedResult(JobOutcome Outcome, List<ContentBlock> Content, bool IsError = false)
{
    /// <summary>With the model and the receipt, as structured fields and as one line of text after the rest.</summary>
    public ShapedResult With(JobFacts facts)
    {
        var receipt = facts.Receipt;
        var outcome = Outcome with
        {
            Model = facts.Model,
            ModelChoice = facts.ModelChoice,
            CostUsd = receipt.CostUsd,
            CostNote = receipt.CostNote,
            BalanceUsd = receipt.BalanceUsd,
        };
        return this with { Outcome = outcome, Content = [.. Content, new TextContentBlock { Text = $"{facts.ModelChoice} {receipt.Describe()}" }] };
    }

    public CallToolResult ToResult() => ToolResults.Structured(Outcome, Content, IsError);
}
