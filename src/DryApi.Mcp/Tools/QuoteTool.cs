using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Mcp.Tools.Pricing;
using DryApi.Mcp.Tools.Results;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tools;

/// <summary>A free <c>*_price</c> tool: resolves its arguments exactly as the paid tool does, and asks dryAPI for the price.</summary>
internal sealed class QuoteTool<TArguments, TQuote>(
    ToolCard card,
    string quotedTool,
    DryApiOperation<TQuote, PriceQuote> quote,
    Func<ToolCall, TArguments, CancellationToken, Task<Resolved<TQuote>>> resolve)
    : DryApiTool(card, typeof(TArguments), typeof(PriceOutcome), HiddenArguments)
    where TArguments : class
    where TQuote : class
{
    /// <summary>A quote costs nothing and queues nothing, so the run-only arguments are not offered.</summary>
    private static readonly IReadOnlySet<string> HiddenArguments = new HashSet<string> { JobArguments.WebhookName, JobArguments.NewJobName, JobArguments.PreviewName, PaidArguments.MaxCostName };

    public override IDryApiOperation Operation => quote;

    protected override async Task<CallToolResult> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var resolved = await resolve(call, call.Bind<TArguments>(), cancellationToken);
        var price = await call.Get<PriceQuotes>().AskAsync(
            call.Credential, call.Client, async (client, token) => (await client.SendAsync(quote, resolved.Request, token)).Price, cancellationToken);
        var outcome = new PriceOutcome(quotedTool, price);
        var text = $"{quotedTool} with these parameters costs {Receipt.Usd(price)} USD (quoted by dryAPI; nothing was charged).";
        return ToolResults.Structured(outcome, [new TextContentBlock { Text = resolved.Model is { } model ? $"{text} {model.Describe()}" : text }]);
    }
}
