using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DryApi.Mcp.Backplane;

/// <summary>
/// Readiness detail: when a backplane is configured, whether Redis answers. Degraded while it does not: the detail
/// fails so an operator sees it, but <c>/readyz</c> still answers 200, because the replica serves every call on its own
/// and taking every replica out of a load balancer at once because Redis is down would fail every call.
/// </summary>
internal sealed class BackplaneReadinessCheck(RedisBackplane backplane) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!backplane.Enabled)
        {
            return HealthCheckResult.Healthy("No backplane is configured: this replica keeps its state in memory.");
        }

        var (answered, latency) = await backplane.TryAsync(database => database.PingAsync());
        return answered
            ? HealthCheckResult.Healthy($"Redis at {backplane.Endpoints} answered in {latency.TotalMilliseconds:0} ms.")
            : HealthCheckResult.Degraded($"Redis at {backplane.Endpoints} does not answer: this replica shares nothing with the others until it does (calls still work).");
    }
}
