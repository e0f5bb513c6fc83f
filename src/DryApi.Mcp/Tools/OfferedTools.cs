using DryApi.Mcp.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Tools;

/// <summary>
/// The tools one HTTP request sees (see <see cref="ToolSelection"/>). A request without a <c>?tools=</c> query, the
/// common case, gets the configured selection, worked out once instead of on every request.
/// </summary>
internal sealed class OfferedTools(ToolCatalog catalog, IOptions<McpHostOptions> options)
{
    private readonly Lazy<McpServerPrimitiveCollection<McpServerTool>> configured = new(() => catalog.Select(ToolSelection.From(options.Value, default)));

    /// <summary>What configuration allows (<c>Mcp:IncludeToolGroups</c>, <c>Mcp:ExcludeToolGroups</c>): what stdio and a request without a query see.</summary>
    public McpServerPrimitiveCollection<McpServerTool> Configured => configured.Value;

    public McpServerPrimitiveCollection<McpServerTool> For(StringValues query) =>
        StringValues.IsNullOrEmpty(query) ? Configured : catalog.Select(ToolSelection.From(options.Value, query));
}
