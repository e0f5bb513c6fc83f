using DryApi.Client;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Jobs;

/// <summary>
/// The <see cref="StatusBudget"/> of each API key (by credential fingerprint) in this replica. At most
/// <see cref="MaxKeys"/> are held; one is dropped once its key has sent no status request for two minutes, long after
/// the minute window it paces has passed.
/// </summary>
public sealed class StatusBudgets(TimeProvider time, IOptions<PollingOptions> options) : IDisposable
{
    public const int MaxKeys = 10_000;

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    private readonly MemoryCache budgets = new(new MemoryCacheOptions { SizeLimit = MaxKeys });
    private readonly Lock gate = new();

    public StatusBudget For(DryApiCredential credential)
    {
        lock (gate)
        {
            return budgets.GetOrCreate(credential.Fingerprint, entry =>
            {
                entry.Size = 1;
                entry.SlidingExpiration = Idle;
                return new StatusBudget(time, options.Value.DailyStatusReserve);
            })!;
        }
    }

    public void Dispose() => budgets.Dispose();
}
