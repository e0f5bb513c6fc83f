using DryApi.Client;
using DryApi.Client.Contract;
using DryApi.Mcp.Tools.Pricing;
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
    where TOutcome : PaidOutcome
{
    public override IDryApiOperation Operation => operation;

    protected override async Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var arguments = call.Bind<TArguments>();
        var request = await call.ResolveAsync(arguments, operation, resolve, cancellationToken);
        var quotes = call.Get<PriceQuotes>();
        PriceRequest price = (client, token) => quote(client, request, token);
        var quoted = await call.Get<SpendingGuard>().EnsureAffordableAsync(
            Card.Name, arguments.MaxCostUsd, token => quotes.AskAsync(call.Credential, call.Client, price, token), cancellationToken);
        var answer = await call.Client.SendAsync(operation, request, cancellationToken);
        var receipt = await quotes.BeginReceipt(call.Credential, quoted, Card.Name + "_price", price).ReadAsync(call.RemainingWaitBudget(), cancellationToken);
        var outcome = toOutcome(answer).With<TOutcome>(receipt);
        return ToolResults.Structured(outcome, [ToolResults.AsText(outcome), new TextContentBlock { Text = receipt.Describe() }]);
    }
}
