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
}

/// <summary>How a wait for a job ended, with the last status seen (if any) and the last polling error.</summary>
public sealed record JobWait(JobWaitEnd End, JobStatus? Status, Exception? LastError, int Polls);
