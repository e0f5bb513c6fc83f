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

    public McpServerPrimitiveCollection<McpServerTool> Select(ToolSelection selection)
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
