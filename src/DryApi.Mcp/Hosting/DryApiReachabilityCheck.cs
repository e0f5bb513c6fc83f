using DryApi.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// Readiness: dryAPI's base URL answers within <see cref="Timeout"/>. Any HTTP status counts, since the check proves
/// the network path, not an account; it sends no credentials.
/// </summary>
internal sealed class DryApiReachabilityCheck(IHttpClientFactory httpClientFactory, IOptionsMonitor<DryApiClientOptions> options) : IHealthCheck
{
    public const string HttpClientName = "DryApiReachability";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var baseUrl = options.CurrentValue.BaseUrl;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl);
            using var response = await httpClientFactory.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return HealthCheckResult.Healthy($"dryAPI at {baseUrl} answered HTTP {(int)response.StatusCode}.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"dryAPI at {baseUrl} did not answer within {Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException exception)
        {
            return HealthCheckResult.Unhealthy($"dryAPI at {baseUrl} is unreachable: {exception.Message}");
        }
    }
}
