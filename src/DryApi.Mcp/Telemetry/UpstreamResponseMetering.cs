namespace DryApi.Mcp.Telemetry;

/// <summary>Counts every response dryAPI sends (each retry attempt included) by status code.</summary>
internal sealed class UpstreamResponseMetering(McpMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        metrics.UpstreamResponded((int)response.StatusCode);
        return response;
    }
}
