using System.Globalization;
using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Mcp.Tools.Results;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tools;

/// <summary>A free <c>*_price</c> tool: resolves its arguments exactly as the paid tool does, and asks dryAPI for the price.</summary>
internal sealed class QuoteTool<TArguments, TQuote>(
    ToolCard card,
    string quotedTool,
    IDryApiOperation quotedOperation,
    DryApiOperation<TQuote, PriceQuote> quote,
    Func<TArguments, TQuote> resolve)
    : DryApiTool(card, typeof(TArguments), typeof(PriceOutcome), HiddenArguments)
    where TArguments : class
    where TQuote : class
{
    /// <summary>A quote costs nothing and queues nothing, so the run-only arguments are not offered.</summary>
    private static readonly IReadOnlySet<string> HiddenArguments = new HashSet<string> { JobArguments.WebhookName, PaidArguments.MaxCostName };

    public override IDryApiOperation Operation => quote;

    protected override async Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var request = await call.ResolveAsync(ToolArguments.Bind<TArguments>(call.Arguments), quotedOperation, resolve, cancellationToken);
        var price = await call.Client.SendAsync(quote, request, cancellationToken);
        var outcome = new PriceOutcome(quotedTool, price.Price);
        return ToolResults.Structured(outcome,
        [
            new TextContentBlock
            {
                Text = $"{quotedTool} with these parameters costs {price.Price.ToString("0.######", CultureInfo.InvariantCulture)} USD (quoted by dryAPI; nothing was charged).",
            },
        ]);
    }
}
