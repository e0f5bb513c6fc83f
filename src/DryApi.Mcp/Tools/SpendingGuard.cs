using DryApi.Mcp.Hosting;
using DryApi.Mcp.Tools.Results;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tools;

/// <summary>
/// Refuses a paid call whose price is above the caller's <c>max_cost_usd</c> or the server's per-call ceiling
/// (<c>Mcp:MaxCostPerCallUsd</c>), before anything is submitted. Without either limit it costs nothing: no quote is asked.
/// The quote it made, if any, is the call's receipt.
/// </summary>
internal sealed class SpendingGuard(IOptions<McpHostOptions> options)
{
    /// <returns>The price dryAPI quoted, or null when there was no limit to check.</returns>
    public async Task<decimal?> EnsureAffordableAsync(string tool, decimal? callerLimit, Func<CancellationToken, Task<decimal>> quote, CancellationToken cancellationToken)
    {
        var serverLimit = options.Value.MaxCostPerCallUsd;
        if (callerLimit is null && serverLimit is null)
        {
            return null;
        }

        var price = await quote(cancellationToken);
        if (callerLimit is { } mine && price > mine)
        {
            throw new SpendingLimitException(
                $"{tool} with these parameters costs {Usd(price)} USD, above your max_cost_usd of {Usd(mine)} USD. Nothing was submitted. " +
                "Raise max_cost_usd, or choose cheaper parameters (a smaller size, fewer steps or frames).");
        }

        if (serverLimit is { } ceiling && price > ceiling)
        {
            throw new SpendingLimitException(
                $"{tool} with these parameters costs {Usd(price)} USD, above this server's limit of {Usd(ceiling)} USD per call " +
                "(Mcp:MaxCostPerCallUsd). Nothing was submitted. Choose cheaper parameters, or ask the server's operator to raise the limit.");
        }

        return price;
    }

    private static string Usd(decimal amount) => Receipt.Usd(amount);
}

/// <summary>A paid call refused before submission because its price is above a spending limit.</summary>
internal sealed class SpendingLimitException(string message) : Exception(message);
