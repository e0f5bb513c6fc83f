using System.Diagnostics.Metrics;
using DryApi.Client.Contract;
using DryApi.Mcp.Jobs;

namespace DryApi.Mcp.Telemetry;

/// <summary>What a tool call ended as, in the <c>outcome</c> tag of <see cref="McpMetrics.MeterName"/>'s tool-call counter.</summary>
public enum ToolCallOutcome
{
    /// <summary>The tool returned a result.</summary>
    Ok,

    /// <summary>The tool returned an error result, e.g. dryAPI refused or failed the request.</summary>
    ToolError,

    /// <summary>The server refused the call before contacting dryAPI: a bad argument or a spending limit.</summary>
    Refused,
}

/// <summary>
/// The server's instruments on the <c>DryApi.Mcp</c> meter: tool calls by tool and outcome, how long jobs were waited
/// for, polls per job, and dryAPI's responses by status code (429s counted apart as well).
/// </summary>
public sealed class McpMetrics
{
    public const string MeterName = "DryApi.Mcp";

    private readonly Counter<long> toolCalls;
    private readonly Histogram<double> jobWait;
    private readonly Histogram<int> pollsPerJob;
    private readonly Counter<long> upstreamResponses;
    private readonly Counter<long> upstreamRateLimited;

    public McpMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        toolCalls = meter.CreateCounter<long>("dryapi.mcp.tool.calls", "{call}", "MCP tool calls by tool and outcome (ok, tool_error, refused).");
        jobWait = meter.CreateHistogram<double>("dryapi.mcp.job.wait.duration", "s", "How long a tool call waited for a dryAPI job, by job kind and how the wait ended.");
        pollsPerJob = meter.CreateHistogram<int>("dryapi.mcp.job.polls", "{poll}", "request-status polls made while waiting for one job.");
        upstreamResponses = meter.CreateCounter<long>("dryapi.mcp.upstream.responses", "{response}", "HTTP responses from dryAPI by status code.");
        upstreamRateLimited = meter.CreateCounter<long>("dryapi.mcp.upstream.rate_limited", "{response}", "429 Too Many Requests responses from dryAPI.");
    }

    public void ToolCalled(string tool, ToolCallOutcome outcome) =>
        toolCalls.Add(1, new("tool", tool), new("outcome", OutcomeTag(outcome)));

    public void JobWaited(JobKind kind, JobWait wait, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(wait);
        var kindTag = new KeyValuePair<string, object?>("job.kind", kind.ToString().ToLowerInvariant());
        jobWait.Record(elapsed.TotalSeconds, kindTag, new("end", EndTag(wait.End)));
        pollsPerJob.Record(wait.Polls, kindTag);
    }

    public void UpstreamResponded(int statusCode)
    {
        upstreamResponses.Add(1, new KeyValuePair<string, object?>("http.response.status_code", statusCode));
        if (statusCode == 429)
        {
            upstreamRateLimited.Add(1);
        }
    }

    internal static string OutcomeTag(ToolCallOutcome outcome) => outcome switch
    {
        ToolCallOutcome.Ok => "ok",
        ToolCallOutcome.ToolError => "tool_error",
        _ => "refused",
    };

    private static string EndTag(JobWaitEnd end) => end switch
    {
        JobWaitEnd.Finished => "finished",
        JobWaitEnd.BudgetSpent => "budget_spent",
        JobWaitEnd.ServerStopping => "server_stopping",
        JobWaitEnd.StatusLimitReached => "status_limit",
        _ => "polling_failed",
    };
}
