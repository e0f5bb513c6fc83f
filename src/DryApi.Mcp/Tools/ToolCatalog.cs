using System.Collections.Concurrent;
using DryApi.Mcp.Tools.Catalog;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Tools;

/// <summary>Every tool the server offers, built once; each request sees the groups its selection allows.</summary>
internal sealed class ToolCatalog
{
    public IReadOnlyList<DryApiTool> All { get; } =
    [
        .. Capabilities().SelectMany(capability => capability.Tools()),
        new BalanceTool(),
        new ModelsTool(),
        new JobStatusTool(),
    ];

    /// <summary>One collection per distinct selection, shared by every request that makes it (building one per request showed in profiles).</summary>
    private readonly ConcurrentDictionary<int, McpServerPrimitiveCollection<McpServerTool>> selections = new();

    public McpServerPrimitiveCollection<McpServerTool> Select(ToolSelection selection) =>
        selections.GetOrAdd(selection.Groups.Aggregate(0, (groups, group) => groups | (1 << (int)group)), _ => Build(selection));

    private McpServerPrimitiveCollection<McpServerTool> Build(ToolSelection selection)
    {
        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in All.Where(tool => tool is JobStatusTool || tool.IsVisibleIn(selection)))
        {
            tools.Add(tool);
        }

        return tools;
    }

    private static IEnumerable<ICapability> Capabilities() =>
    [
        .. ImageCapabilities.All,
        .. VideoCapabilities.All,
        .. AudioCapabilities.All,
        .. TranscriptionCapabilities.All,
        .. EmbeddingCapabilities.All,
        .. PromptCapabilities.All,
    ];
}
