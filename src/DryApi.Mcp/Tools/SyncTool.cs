using DryApi.Client.Contract;
using DryApi.Mcp.Tools.Results;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tools;

/// <summary>A synchronous dryAPI operation (a prompt booster, a sample prompt): one call, one answer.</summary>
internal sealed class SyncTool<TArguments, TRequest, TResponse, TOutcome>(
    ToolCard card,
    DryApiOperation<TRequest, TResponse> operation,
    Func<TArguments, TRequest> resolve,
    Func<TResponse, TOutcome> toOutcome)
    : DryApiTool(card, typeof(TArguments), typeof(TOutcome))
    where TArguments : class
    where TRequest : class
    where TResponse : class
{
    public override IDryApiOperation Operation => operation;

    protected override async Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var request = resolve(ToolArguments.Bind<TArguments>(call.Arguments));
        var outcome = toOutcome(await call.Client.SendAsync(operation, request, cancellationToken));
        return ToolResults.Structured(outcome, [ToolResults.AsText(outcome)]);
    }
}
