using DryApi.Client.Responses;

namespace DryApi.Mcp.Jobs;

public enum JobWaitEnd
{
    /// <summary>The job is done or failed; <see cref="JobWait.Status"/> says which.</summary>
    Finished,

    /// <summary>The wait budget ran out while the job was still running.</summary>
    BudgetSpent,

    /// <summary>Polling failed too many times in a row; the job may still be running.</summary>
    PollingFailed,

    /// <summary>The server began shutting down; the job continues at dryAPI.</summary>
    ServerStopping,

    /// <summary>The key's daily status requests fell to the reserve (<see cref="JobWait.Reason"/> says so); the job continues.</summary>
    StatusLimitReached,
}

/// <summary>How a wait for a job ended, with the last status seen (if any), the last polling error and why it stopped early.</summary>
public sealed record JobWait(JobWaitEnd End, JobStatus? Status, Exception? LastError, int Polls, string? Reason = null);
