using System.Globalization;

namespace DryApi.Mcp.Tools.Results;

/// <summary>What a job tool knows of its job beyond dryAPI's status: the model it runs with and what it costs.</summary>
internal sealed record JobFacts(string Model, string ModelChoice, Receipt Receipt);

/// <summary>What a paid job costs (dryAPI's quote for the parameters sent, or why that is not known) and the balance after it.</summary>
internal sealed record Receipt(decimal? CostUsd, string? CostNote, decimal? BalanceUsd)
{
    public static Receipt Unknown(string why) => new(null, why, null);

    /// <summary>The receipt as one sentence of the result's text.</summary>
    public string Describe()
    {
        var cost = CostUsd is { } usd ? $"Cost: {Usd(usd)} USD (dryAPI's quote for the parameters sent)." : $"Cost not known: {CostNote}";
        return BalanceUsd is { } balance ? $"{cost} Balance now: {Usd(balance)} USD." : cost;
    }

    public static string Usd(decimal amount) => amount.ToString("0.######", CultureInfo.InvariantCulture);
}
