using DryApi.Client;
using DryApi.Mcp.Backplane;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Jobs;

/// <summary>
/// The <see cref="StatusBudget"/> of each API key in this replica (sharing its minute window with the other replicas
/// when there is a backplane). One is dropped once its key has sent no status request for two minutes, long after the
/// minute window it paces has passed.
/// </summary>
internal sealed class StatusBudgets(TimeProvider time, IOptions<PollingOptions> options, RedisBackplane backplane) : IDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    private readonly PerKey<StatusBudget> budgets = new(Idle, fingerprint => new StatusBudget(
        time,
        options.Value.DailyStatusReserve,
        backplane.Enabled ? new SharedStatusWindow(backplane, fingerprint, StatusBudget.Window) : null));

    public StatusBudget For(DryApiCredential credential) => budgets.For(credential);

    public void Dispose() => budgets.Dispose();
}
