using System.Globalization;
using DryApi.Client;
using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Responses;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tasks;
using DryApi.Mcp.Tools.Models;
using DryApi.Mcp.Tools.Pricing;
using DryApi.Mcp.Tools.Results;
using DryApi.Mcp.Webhooks;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tools;

/// <summary>
/// A paid job tool: resolve the arguments, submit once, wait for the job (reporting progress), and return its result.
/// Once dryAPI has given the job a request_id, that id reaches the caller whatever happens next. A call identical to
/// one this key made within <c>Mcp:DuplicateCallWindow</c> follows that job instead of paying for another. When the
/// server is public (https <c>Auth:PublicBaseUrl</c>) and the caller gave no <c>webhook_url</c>, the job carries a
/// webhook of ours, which wakes the wait when dryAPI says the job ended.
/// </summary>
internal sealed class JobTool<TArguments, TJob>(
    ToolCard card,
    DryApiOperation<TJob, JobSubmission> run,
    Func<TArguments, ModelChoice, TJob> resolve,
    Func<DryApiClient, TJob, CancellationToken, Task<decimal>> quote)
    : DryApiTool(card, typeof(TArguments), typeof(JobOutcome))
    where TArguments : JobArguments
    where TJob : class
{
    private readonly JobKind kind = run.Contract.JobKind ?? throw new ArgumentException($"{run} is not a job operation.", nameof(run));

    public override IDryApiOperation Operation => run;

    public override bool RunsJobs => true;

    protected override async Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var arguments = call.Bind<TArguments>();
        var (job, model) = await call.ResolveWithModelAsync(arguments, run, resolve, cancellationToken);
        arguments.ApplyWebhookTo(job);
        var recentJobs = call.Get<RecentJobs>();
        using var claim = await recentJobs.ClaimAsync(call.Credential, Card.Name, job, arguments.NewJob, cancellationToken);
        if (call.TaskRequest is { } taskRequest)
        {
            return await StartTaskAsync(call, arguments, job, model, claim, taskRequest, cancellationToken);
        }

        var (result, failed) = claim.Earlier is { } earlier
            ? await FollowAsync(call, earlier, model, claim, cancellationToken)
            : await SubmitAndWaitAsync(call, arguments, job, model, claim, cancellationToken);
        if (claim.Earlier is not null && failed)
        {
            // The identical earlier job ended in error, so it was forgotten: a retry of it is a new job.
            using var retry = await recentJobs.ClaimAsync(call.Credential, Card.Name, job, newJob: true, cancellationToken);
            (result, _) = await SubmitAndWaitAsync(call, arguments, job, model, retry, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// For a client that asked for a task: the job is submitted as always (or an identical earlier call's job is
    /// followed), then handed to the task instead of waited for. The result returned here stands only when nothing was submitted.
    /// </summary>
    private async Task<CallToolResult> StartTaskAsync(
        ToolCall call, TArguments arguments, TJob job, ModelChoice model, JobClaim claim, JobTaskRequest taskRequest, CancellationToken cancellationToken)
    {
        var (requestId, refusal, receipt) = claim.Earlier is { } earlier
            ? (earlier.RequestId, null, null)
            : await SubmitAsync(call, arguments, job, claim, webhook: null, cancellationToken);
        if (requestId is null)
        {
            return refusal!;
        }

        var lead = claim.Earlier is { } followed ? FollowNotice(call, followed) : null;
        var facts = await FactsAsync(call, model, receipt, claim.Earlier, cancellationToken);
        var preview = PreviewRequest.Of(call);
        var shape = new ResultShape(preview.Wanted, ResourceLinks: !call.RendersApps);
        taskRequest.Started(call.Get<JobTasks>().Ticket(requestId, kind, Card.Name, call.Credential, claim.Key, lead, facts, shape));
        return await call.Get<JobResultShaper>().ShapeAsync(
            requestId, new JobWait(JobWaitEnd.BudgetSpent, null, null, 0), kind, TextWindow.Start, preview, facts, cancellationToken);
    }

    /// <summary>The model and the receipt: a followed job was not charged by this call, and its own call's result gave its cost.</summary>
    private static async Task<JobFacts> FactsAsync(
        ToolCall call, ModelChoice model, PendingReceipt? receipt, RecentJob? followed, CancellationToken cancellationToken) =>
        new(model.Slug, model.Describe(), receipt is not null
            ? await receipt.ReadAsync(call.RemainingWaitBudget(), cancellationToken)
            : Receipt.Unknown($"this call followed job {followed?.RequestId} of an identical earlier call and was charged nothing; that call's result gave its cost."));

    private async Task<(CallToolResult Result, bool JobFailed)> SubmitAndWaitAsync(
        ToolCall call, TArguments arguments, TJob job, ModelChoice model, JobClaim claim, CancellationToken cancellationToken)
    {
        // Only a call that waits gets our webhook: a task is followed by tasks/get.
        using var webhook = arguments.WebhookUrl is null ? call.Get<JobWebhooks>().Open() : null;
        var (requestId, refusal, receipt) = await SubmitAsync(call, arguments, job, claim, webhook, cancellationToken);
        return requestId is null
            ? (refusal!, false)
            : await WaitForResultAsync(
                call, requestId, $"Job {requestId} submitted to dryAPI.", claim, token => FactsAsync(call, model, receipt, null, token), cancellationToken, webhook?.Signal);
    }

    /// <summary>
    /// Submits the job once it is affordable, with <paramref name="webhook"/>'s URL when there is one, then starts its
    /// receipt, which is asked while the job runs: its request_id and receipt, or why nothing was submitted.
    /// </summary>
    private async Task<(string? RequestId, CallToolResult? Refusal, PendingReceipt? Receipt)> SubmitAsync(
        ToolCall call, TArguments arguments, TJob job, JobClaim claim, JobWebhook? webhook, CancellationToken cancellationToken)
    {
        var quotes = call.Get<PriceQuotes>();
        PriceRequest price = (client, token) => quote(client, job, token);
        var quoted = await call.Get<SpendingGuard>().EnsureAffordableAsync(
            Card.Name, arguments.MaxCostUsd, token => quotes.AskAsync(call.Credential, call.Client, price, token), cancellationToken);

        if (call.Get<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            return (null, ToolResults.Error(
                "This MCP server is shutting down, so nothing was submitted and nothing was charged. Call the tool again in a few seconds."), null);
        }

        // Our webhook goes on after the claim, so that it is no part of what makes two calls identical.
        if (webhook is not null)
        {
            JobArguments.SetWebhook(job, webhook.Url);
        }

        // A submission that has been sent is not abandoned when the caller cancels or the server stops: its request_id must come back.
        var submission = await call.Client.SendAsync(run, job, CancellationToken.None);
        await claim.SubmittedAsync(submission.RequestId);
        webhook?.Bind(submission.RequestId);
        return (submission.RequestId, null, quotes.BeginReceipt(call.Credential, quoted, Card.Name + "_price", price));
    }

    /// <summary>Follows the job an identical call of this key started, as check_job_status would, and says so.</summary>
    private async Task<(CallToolResult Result, bool JobFailed)> FollowAsync(
        ToolCall call, RecentJob earlier, ModelChoice model, JobClaim claim, CancellationToken cancellationToken)
    {
        var notice = FollowNotice(call, earlier);
        var (result, failed) = await WaitForResultAsync(
            call, earlier.RequestId, $"Following job {earlier.RequestId}: {notice}", claim, token => FactsAsync(call, model, null, earlier, token), cancellationToken);
        result.Content.Insert(0, new TextContentBlock { Text = notice });
        return (result, failed);
    }

    /// <summary>What a call that follows an identical earlier call's job says first; its age is measured when the retry arrives.</summary>
    private static string FollowNotice(ToolCall call, RecentJob earlier)
    {
        var seconds = Math.Max(0, (int)(call.Get<TimeProvider>().GetUtcNow() - earlier.SubmittedAt).TotalSeconds);
        return $"This is the job you started {seconds} s ago with the same parameters (request_id \"{earlier.RequestId}\"); " +
               $"nothing new was submitted or charged. Pass {JobArguments.NewJobName}: true to start another.";
    }

    private async Task<(CallToolResult Result, bool JobFailed)> WaitForResultAsync(
        ToolCall call, string requestId, string firstProgress, JobClaim claim, Func<CancellationToken, Task<JobFacts>> facts,
        CancellationToken cancellationToken, WakeSignal? wake = null)
    {
        var budget = call.RemainingWaitBudget();
        try
        {
            await call.ReportProgressAsync(0, firstProgress, cancellationToken);
            var statusBudget = call.Get<StatusBudgets>().For(call.Credential);
            var wait = await call.Get<JobWaiter>().WaitAsync(
                statusBudget.Polls(call.Client, requestId),
                kind,
                budget,
                status => call.ReportProgressAsync(status.Progress, Describe(requestId, status), cancellationToken),
                cancellationToken,
                statusBudget,
                wake);
            var failed = wait is { End: JobWaitEnd.Finished, Status.IsFailed: true };
            if (failed)
            {
                claim.Failed(requestId);
            }

            return (await call.Get<JobResultShaper>().ShapeAsync(requestId, wait, kind, TextWindow.Start, PreviewRequest.Of(call), await facts(cancellationToken), cancellationToken), failed);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var lost = new ShapedResult(
                new JobOutcome
                {
                    RequestId = requestId,
                    Status = JobStatuses.Pending,
                    NextStep = $"Call check_job_status with request_id \"{requestId}\" to follow the job. Do not submit it again.",
                },
                [new TextContentBlock { Text = $"Job {requestId} was submitted and paid for, but following it failed: {Message(exception)} Call check_job_status with request_id \"{requestId}\"; do not submit it again." }],
                IsError: true);
            return (lost.With(await facts(CancellationToken.None)).ToResult(), false);
        }
    }

    private static string Message(Exception exception) =>
        exception is DryApiException ? exception.Message : $"{exception.GetType().Name}.";

    private static string Describe(string requestId, JobStatus status) =>
        $"Job {requestId}: {status.Status}, {status.Progress.ToString("0.#", CultureInfo.InvariantCulture)}%";
}
