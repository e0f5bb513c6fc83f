using System.Globalization;
using DryApi.Client;
using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Responses;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tools.Results;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tasks;

/// <summary>What one status request found: the job's result when it has finished, else what to tell the client.</summary>
internal sealed record JobCheck(CallToolResult? Result, string StatusMessage)
{
    public bool Finished => Result is not null;
}

/// <summary>
/// Stateless MCP tasks over dryAPI jobs. A task id is a sealed <see cref="JobTicket"/>, so nothing is stored and any
/// replica with the same sealing keys answers for it; an id that was altered, has expired or was sealed for another
/// key is not found. Each look at a task is one status request under the caller's key, through the key's
/// <see cref="StatusBudget"/>; the client is told to poll as the kind's polling policy would.
/// </summary>
internal sealed class JobTasks(
    SealedArtefacts artefacts,
    StatusBudgets budgets,
    DryApiClientFactory clients,
    JobWaiter waiter,
    JobResultShaper shaper,
    RecentJobs recentJobs,
    IOptions<PollingOptions> polling,
    TimeProvider time)
{
    /// <summary>How long a task id is honoured after its creation (its <c>ttl</c>); check_job_status reads the job after that.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>The longest a look waits for a turn in the key's status requests of the minute.</summary>
    private static readonly TimeSpan LongestTurnWait = TimeSpan.FromSeconds(10);

    /// <summary>Tasks are offered only when a sealing key is configured: without one no replica could read a task id back.</summary>
    public bool Offered => artefacts.CanSealTasks;

    public JobTicket Ticket(
        string requestId, JobKind kind, string tool, DryApiCredential caller, string? claim, string? lead, JobFacts facts, ResultShape shape) =>
        new(requestId, kind, tool, time.GetUtcNow(), caller.Fingerprint, claim, lead, facts, shape);

    /// <summary>The task of a job just submitted (or an identical earlier call's job): working, with the request_id and what cancelling means.</summary>
    public TaskView Created(JobTicket ticket)
    {
        var message = (ticket.Lead is null ? $"Job {ticket.RequestId} was submitted to dryAPI (request_id \"{ticket.RequestId}\") and is paid for." : ticket.Lead) +
                      " Cancelling this task stops nothing at dryAPI: the job runs to the end and is billed.";
        return View(artefacts.SealTask(ticket, Lifetime), ticket, TaskStatuses.Working, message);
    }

    /// <summary>The ticket a task id stands for, or null when it was not sealed by this server for this caller or has expired.</summary>
    public async Task<JobTicket?> OpenAsync(string? taskId, DryApiCredential caller) =>
        await artefacts.UnsealTaskAsync(taskId) is { } ticket && ticket.Caller == caller.Fingerprint ? ticket : null;

    /// <summary>One status request: the tool's result once the job has finished, else its status and progress.</summary>
    public async Task<JobCheck> CheckAsync(JobTicket ticket, DryApiCredential caller, CancellationToken cancellationToken)
    {
        var id = ticket.RequestId;
        var statusBudget = budgets.For(caller);
        var turn = await statusBudget.TakeTurnAsync(double.MinValue, LongestTurnWait, mayUseReserve: true, cancellationToken);
        if (!turn.Granted)
        {
            return new JobCheck(null,
                $"Job {id} was not checked this time: this API key's status requests for this minute (dryAPI's rate limit) are all in use " +
                "by this server's other waits. The job continues at dryAPI; poll again.");
        }

        JobStatus status;
        try
        {
            status = await statusBudget.Polls(clients.Create(caller), id)(cancellationToken);
        }
        catch (DryApiException exception) when (JobWaiter.IsTransient(exception))
        {
            return new JobCheck(null, $"Job {id} could not be checked this time ({exception.Message}). The job continues at dryAPI; poll again.");
        }
        catch (DryApiException exception)
        {
            return new JobCheck(await ShapeAsync(ticket, new JobWait(JobWaitEnd.PollingFailed, null, exception, 1), cancellationToken), "");
        }

        return status.IsFinished
            ? new JobCheck(await ShapeAsync(ticket, new JobWait(JobWaitEnd.Finished, status, null, 1), cancellationToken), "")
            : new JobCheck(null, $"Job {id}: {status.Status}, {status.Progress.ToString("0.#", CultureInfo.InvariantCulture)}%.");
    }

    /// <summary>
    /// The tool's result, waiting for the job up to <paramref name="budget"/> (2025-11-25 <c>tasks/result</c>, within the
    /// client's wait budget); past it, the tool's own answer for a job still running: its request_id and how to continue.
    /// </summary>
    public async Task<CallToolResult> WaitForResultAsync(JobTicket ticket, DryApiCredential caller, TimeSpan budget, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(ticket, caller, cancellationToken);
        if (check.Result is { } done)
        {
            return done;
        }

        var statusBudget = budgets.For(caller);
        JobWait wait;
        try
        {
            wait = await waiter.WaitAsync(
                statusBudget.Polls(clients.Create(caller), ticket.RequestId),
                ticket.Kind,
                budget,
                _ => ValueTask.CompletedTask,
                cancellationToken,
                statusBudget);
        }
        catch (DryApiException exception)
        {
            wait = new JobWait(JobWaitEnd.PollingFailed, null, exception, 0);
        }

        return await ShapeAsync(ticket, wait, cancellationToken);
    }

    /// <summary>A look at the task for the client: working (with when to poll next) or finished, with the tool's result.</summary>
    public TaskView View(string taskId, JobTicket ticket, JobCheck check, bool toolErrorFails) =>
        check.Result is { } result
            ? View(taskId, ticket, toolErrorFails && result.IsError == true ? TaskStatuses.Failed : TaskStatuses.Completed,
                result.IsError == true ? ToolResults.Text(result) : $"Job {ticket.RequestId} is done.", result)
            : View(taskId, ticket, TaskStatuses.Working, check.StatusMessage);

    /// <summary>What <c>tasks/cancel</c> answers in the 2025-11-25 form. Nothing is recorded, so a later look reports the job as dryAPI has it.</summary>
    public TaskView Cancelled(string taskId, JobTicket ticket) => View(taskId, ticket, TaskStatuses.Cancelled, CancelNotice(ticket));

    public static string CancelNotice(JobTicket ticket) =>
        $"This server stopped following job {ticket.RequestId}, but the job itself keeps running at dryAPI and is billed: dryAPI has no " +
        $"way to cancel a job. Its result stays available: call check_job_status with request_id \"{ticket.RequestId}\".";

    private TaskView View(string taskId, JobTicket ticket, string status, string message, CallToolResult? result = null)
    {
        var now = time.GetUtcNow();
        return new TaskView(taskId, status, message, ticket.CreatedAt, now, Lifetime, polling.Value.IntervalAt(ticket.Kind, now - ticket.CreatedAt), result);
    }

    private async Task<CallToolResult> ShapeAsync(JobTicket ticket, JobWait wait, CancellationToken cancellationToken)
    {
        if (wait is { End: JobWaitEnd.Finished, Status.IsFailed: true } && ticket.Claim is { } claim)
        {
            // As when the tool itself saw the job fail: an identical call submits anew rather than following it.
            recentJobs.Forget(claim, ticket.RequestId);
        }

        var result = ticket.Dress(await shaper.ShapeAsync(ticket.RequestId, wait, ticket.Kind, TextWindow.Start, ticket.PreviewRequest(), ticket.Facts, cancellationToken));
        return result.IsError == true ? ToolResults.WithoutSecrets(result) : result;
    }
}
