using DryApi.Client;
using DryApi.Client.Errors;
using DryApi.Mcp.Tools.Results;

namespace DryApi.Mcp.Tools.Pricing;

/// <summary>Asks dryAPI for a job's price with a client of its own.</summary>
internal delegate Task<decimal> PriceRequest(DryApiClient client, CancellationToken cancellationToken);

/// <summary>
/// dryAPI's price calculations for one replica: every answer teaches the key's <see cref="QuoteAllowance"/>. A quote
/// the user's call needs (a <c>*_price</c> tool, <c>max_cost_usd</c>) is always asked; a receipt's only while the
/// allowance has room for it.
/// </summary>
internal sealed class PriceQuotes(DryApiClientFactory clients, QuoteAllowances allowances)
{
    /// <summary>A quote the call needs, through the call's own client.</summary>
    public async Task<decimal> AskAsync(DryApiCredential caller, DryApiClient client, PriceRequest quote, CancellationToken cancellationToken)
    {
        try
        {
            return await quote(client, cancellationToken);
        }
        finally
        {
            allowances.For(caller).Observe(client.LastRateLimit);
        }
    }

    /// <summary>
    /// Starts the receipt of a call dryAPI has accepted (and charged): the quote the spending guard already made, else
    /// dryAPI's quote for the same parameters, and the balance now; both asked at once, through clients of their own,
    /// while the job runs. Asked only after the submission, so a refused one spends none of the key's price calculations.
    /// </summary>
    public PendingReceipt BeginReceipt(DryApiCredential caller, decimal? quoted, string priceTool, PriceRequest quote) =>
        new(quoted is { } price ? Task.FromResult(new Receipt(price, null, null)) : QuoteForReceiptAsync(caller, priceTool, quote),
            BalanceAsync(caller));

    private async Task<Receipt> QuoteForReceiptAsync(DryApiCredential caller, string priceTool, PriceRequest quote)
    {
        if (allowances.For(caller).TakeForReceipt() is { } refusal)
        {
            return Receipt.Unknown($"{refusal} {priceTool} quotes the same arguments if you need the figure.");
        }

        try
        {
            return new Receipt(await AskAsync(caller, clients.Create(caller), quote, CancellationToken.None), null, null);
        }
        catch (DryApiException exception)
        {
            return Receipt.Unknown($"dryAPI's price calculation failed ({exception.Message}). {priceTool} quotes the same arguments.");
        }
    }

    private async Task<decimal?> BalanceAsync(DryApiCredential caller)
    {
        try
        {
            return (await clients.Create(caller).GetBalanceAsync()).Balance;
        }
        catch (DryApiException)
        {
            return null;
        }
    }
}

/// <summary>A receipt being asked for: the job's cost and the balance after its charge.</summary>
internal sealed class PendingReceipt(Task<Receipt> cost, Task<decimal?> balance)
{
    /// <summary>How long a call that is ready to answer waits for a receipt still being asked.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The receipt as far as it is known within a few seconds, and never later than <paramref name="timeLeft"/> (what
    /// remains of the call's wait budget); never throws, and says what is missing.
    /// </summary>
    public async Task<Receipt> ReadAsync(TimeSpan timeLeft, CancellationToken cancellationToken)
    {
        var patience = timeLeft < Patience ? timeLeft : Patience;
        await Task.WhenAny(Task.WhenAll(cost, balance), Task.Delay(patience > TimeSpan.Zero ? patience : TimeSpan.Zero, cancellationToken));
        var receipt = cost.Status switch
        {
            TaskStatus.RanToCompletion => cost.Result,
            TaskStatus.Faulted => Receipt.Unknown("asking dryAPI for the price failed."),
            _ => Receipt.Unknown("dryAPI's price calculation had not answered when the result was ready."),
        };
        return balance is { IsCompletedSuccessfully: true, Result: { } left } ? receipt with { BalanceUsd = left } : receipt;
    }
}
