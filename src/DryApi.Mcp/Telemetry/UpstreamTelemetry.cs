using DryApi.Client;

namespace DryApi.Mcp.Telemetry;

/// <summary>A span for every request sent to dryAPI (each retry attempt included), and its response counted by status code.</summary>
internal sealed class UpstreamTelemetry(McpMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(DryApiRequestOptions.Operation, out var operation);
        using var span = McpTracing.StartUpstreamRequest(request.Method, operation);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.UpstreamResponded((int)response.StatusCode);
            McpTracing.UpstreamAnswered(span, (int)response.StatusCode);
            return response;
        }
        catch (Exception exception)
        {
            McpTracing.Failed(span, exception);
            throw;
        }
    }
}
