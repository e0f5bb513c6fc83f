using System.Diagnostics;
using DryApi.Client.Contract;
using DryApi.Client.Responses;

namespace DryApi.Mcp.Telemetry;

/// <summary>
/// The server's spans, on the <c>DryApi.Mcp</c> activity source: one per tool call, with a child per status poll and
/// per request sent to dryAPI. Tags hold names, templates, request ids, statuses and outcomes: never an argument value,
/// a prompt, a file or a key.
/// </summary>
internal static class McpTracing
{
    public const string SourceName = "DryApi.Mcp";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>A tool call's span, named and tagged as OpenTelemetry's MCP conventions say (<c>tools/call text_to_image</c>).</summary>
    public static Activity? StartToolCall(string tool)
    {
        var span = Source.StartActivity($"tools/call {tool}", ActivityKind.Server);
        span?.SetTag("mcp.method.name", "tools/call");
        span?.SetTag("gen_ai.operation.name", "execute_tool");
        span?.SetTag("gen_ai.tool.name", tool);
        return span;
    }

    public static void ToolCallEnded(Activity? span, ToolCallOutcome outcome)
    {
        span?.SetTag("dryapi.mcp.tool.outcome", McpMetrics.OutcomeTag(outcome));
        if (outcome != ToolCallOutcome.Ok)
        {
            // The MCP conventions' error.type for a result with isError set.
            Failed(span, "tool_error");
        }
    }

    public static Activity? StartPoll(string requestId)
    {
        var span = Source.StartActivity("poll request-status");
        span?.SetTag("dryapi.request_id", requestId);
        return span;
    }

    public static void PollAnswered(Activity? span, JobStatus status)
    {
        span?.SetTag("dryapi.job.status", status.Status);
        span?.SetTag("dryapi.job.progress", status.Progress);
    }

    /// <summary>One HTTP request to dryAPI (each retry its own), named by the operation's template, e.g. <c>GET request-status/{request_id}</c>.</summary>
    public static Activity? StartUpstreamRequest(HttpMethod method, OperationContract? operation)
    {
        var span = Source.StartActivity(operation is null ? method.Method : $"{method.Method} {operation.Path}", ActivityKind.Client);
        span?.SetTag("http.request.method", method.Method);
        span?.SetTag("url.template", operation?.Path);
        span?.SetTag("dryapi.operation", operation?.OperationId);
        return span;
    }

    public static void UpstreamAnswered(Activity? span, int statusCode)
    {
        span?.SetTag("http.response.status_code", statusCode);
        if (statusCode >= 400)
        {
            Failed(span, statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Marks a span failed with an exception's type only: a message may quote what a caller sent.</summary>
    public static void Failed(Activity? span, Exception exception) => Failed(span, exception.GetType().FullName!);

    private static void Failed(Activity? span, string errorType)
    {
        span?.SetTag("error.type", errorType);
        span?.SetStatus(ActivityStatusCode.Error);
    }
}
