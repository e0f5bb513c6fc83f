using DryApi.Client;
using DryApi.Mcp.Jobs;

namespace DryApi.Mcp.Tools.Pricing;

/// <summary>
/// The <see cref="QuoteAllowance"/> of each API key in this replica. One is dropped once its key has asked for no
/// price for a day, when its daily count is stale.
/// </summary>
internal sealed class QuoteAllowances(TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromDays(1);

    private readonly PerKey<QuoteAllowance> allowances = new(Idle, _ => new QuoteAllowance(time));

    public QuoteAllowance For(DryApiCredential credential) => allowances.For(credential);

    public void Dispose() => allowances.Dispose();
}
