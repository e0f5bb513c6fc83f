using DryApi.Client;
using Microsoft.Extensions.Caching.Memory;

namespace DryApi.Mcp.Tools.Pricing;

/// <summary>
/// The <see cref="QuoteAllowance"/> of each API key (by credential fingerprint) in this replica. At most
/// <see cref="MaxKeys"/> are held; one is dropped once its key has asked for no price for a day, when its daily count is stale.
/// </summary>
internal sealed class QuoteAllowances(TimeProvider time) : IDisposable
{
    public const int MaxKeys = 10_000;

    private static readonly TimeSpan Idle = TimeSpan.FromDays(1);

    private readonly MemoryCache allowances = new(new MemoryCacheOptions { SizeLimit = MaxKeys });
    private readonly Lock gate = new();

    public QuoteAllowance For(DryApiCredential credential)
    {
        lock (gate)
        {
            return allowances.GetOrCreate(credential.Fingerprint, entry =>
            {
                entry.Size = 1;
                entry.SlidingExpiration = Idle;
                return new QuoteAllowance(time);
            })!;
        }
    }

    public void Dispose() => allowances.Dispose();
}
