using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Mcp.Resources;
using DryApi.Mcp.Telemetry;
using DryApi.Mcp.Tools.Results;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Tools;

/// <summary>What a tool is to a client: name, title, description, schemas, hints, and the group it belongs to.</summary>
internal sealed record ToolCard(string Name, string Title, string Description, ToolGroup Group, bool ReadOnly, bool IsPrice = false)
{
    /// <summary>The card of the free tool that quotes this one.</summary>
    public ToolCard PriceTwin(string description) =>
        this with { Name = Name + "_price", Title = "Price of: " + Title, Description = description, ReadOnly = true, IsPrice = true };
}

/// <summary>
/// The shape every tool shares: run, and turn any refusal (a bad argument, an error from dryAPI) into a tool error
/// the agent can read and act on, never into a protocol failure.
/// </summary>
internal abstract class DryApiTool(ToolCard card, Type argumentsType, Type outputType, IReadOnlySet<string>? hiddenArguments = null)
    : McpServerTool
{
    private Tool? protocolTool;

    public ToolCard Card => card;

    /// <summary>The dryAPI operation this tool calls; null for the account tools, which use the client's own methods.</summary>
    public virtual IDryApiOperation? Operation => null;

    /// <summary>Whether calls submit a paid job and wait for it, so a client may have them answered with a task instead.</summary>
    public virtual bool RunsJobs => false;

    /// <summary>Whether a result is a job's (request_id, status, media or text): the media viewer shows it in hosts that render MCP Apps.</summary>
    public virtual bool ReturnsJobs => RunsJobs;

    public override Tool ProtocolTool => protocolTool ??= Describe();

    public override IReadOnlyList<object> Metadata => [];

    public bool IsVisibleIn(ToolSelection selection) =>
        selection.Includes(card.Group) && (!card.IsPrice || selection.Includes(ToolGroup.Prices));

    public sealed override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var result = await RunReportingAsync(request, cancellationToken);
        if (ReturnsJobs && AppsHosts.RendersApps(request))
        {
            result = AppsHosts.WithoutResourceLinks(result);
        }

        // A refusal may quote an argument or dryAPI's message: a key or token an agent pasted there is masked, as in logs.
        return result.IsError == true ? ToolResults.WithoutSecrets(result) : result;
    }

    private Tool Describe() => new()
    {
        Name = card.Name,
        Title = card.Title,
        Description = card.Description,
        InputSchema = ToolSchemas.For(argumentsType, hiddenArguments),
        OutputSchema = ToolSchemas.For(outputType),
        Annotations = new ToolAnnotations
        {
            Title = card.Title,
            ReadOnlyHint = card.ReadOnly,
            DestructiveHint = false,
            IdempotentHint = card.ReadOnly,
            OpenWorldHint = true,
        },
        Meta = ReturnsJobs ? MediaViewer.ToolMeta() : null,
    };

    private async Task<CallToolResult> RunReportingAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        using var span = McpTracing.StartToolCall(card.Name);
        try
        {
            var (result, outcome) = await RunClassifiedAsync(request, cancellationToken);
            request.Services?.GetService<McpMetrics>()?.ToolCalled(card.Name, outcome);
            McpTracing.ToolCallEnded(span, outcome);
            return result;
        }
        catch (Exception exception)
        {
            McpTracing.Failed(span, exception);
            throw;
        }
    }

    private async Task<(CallToolResult Result, ToolCallOutcome Outcome)> RunClassifiedAsync(
        RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        try
        {
            var result = await RunAsync(new ToolCall(request), cancellationToken);
            return (result, result.IsError == true ? ToolCallOutcome.ToolError : ToolCallOutcome.Ok);
        }
        catch (Exception exception) when (exception is ToolArgumentException or SpendingLimitException)
        {
            return (ToolResults.Error(exception.Message), ToolCallOutcome.Refused);
        }
        catch (DryApiException exception)
        {
            return (ToolResults.Error(exception.Message), ToolCallOutcome.ToolError);
        }
    }

    protected abstract Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken);
}
