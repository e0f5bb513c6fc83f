using DryApi.Client;
using DryApi.Client.Contract;
using DryApi.Mcp.Tools.Results;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tools;

/// <summary>A paid, synchronous dryAPI operation (a prompt booster, a sample prompt): one call, one answer, within the spending limits.</summary>
internal sealed class SyncTool<TArguments, TRequest, TResponse, TOutcome>(
    ToolCard card,
    DryApiOperation<TRequest, TResponse> operation,
    Func<TArguments, TRequest> resolve,
    Func<TResponse, TOutcome> toOutcome,
    Func<DryApiClient, TRequest, CancellationToken, Task<decimal>> quote)
    : DryApiTool(card, typeof(TArguments), typeof(TOutcome))
    where TArguments : PaidArguments
    where TRequest : class
    where TResponse : class
{
    public override IDryApiOperation Operation => operation;

    protected override async Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var arguments = call.Bind<TArguments>();
        var request = await call.ResolveAsync(arguments, operation, resolve, cancellationToken);
        await call.Get<SpendingGuard>().EnsureAffordableAsync(
            Card.Name, arguments.MaxCostUsd, token => quote(call.Client, request, token), cancellationToken);
        var outcome = toOutcome(await call.Client.SendAsync(operation, request, cancellationToken));
        return ToolResults.Structured(outcome, [ToolResults.AsText(outcome)]);
    }
}
