using DryApi.Client;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Jobs;

/// <summary>
/// The <see cref="StatusBudget"/> of each API key in this replica. One is dropped once its key has sent no status
/// request for two minutes, long after the minute window it paces has passed.
/// </summary>
public sealed class StatusBudgets(TimeProvider time, IOptions<PollingOptions> options) : IDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    private readonly PerKey<StatusBudget> budgets = new(Idle, () => new StatusBudget(time, options.Value.DailyStatusReserve));

    public StatusBudget For(DryApiCredential credential) => budgets.For(credential);

    public void Dispose() => budgets.Dispose();
}
