using System.Text.Json;
using DryApi.Mcp.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// Builds the tool catalog (47 tools and their JSON schemas) and serializes its list once, on another core while the web
/// server starts: that first-use work was about a third of the time from process start to the first answered call.
/// </summary>
internal sealed class CatalogWarmUp(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(WarmUp, cancellationToken);
        return Task.CompletedTask;
    }

    private void WarmUp()
    {
        var tools = services.GetRequiredService<OfferedTools>().Configured;
        JsonSerializer.Serialize(new ListToolsResult { Tools = [.. tools.Select(tool => tool.ProtocolTool)] }, McpJsonUtilities.DefaultOptions);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
