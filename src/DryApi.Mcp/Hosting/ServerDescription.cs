using DryApi.Mcp.Resources;
using DryApi.Mcp.Tasks;
using DryApi.Mcp.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Hosting;

/// <summary>What the server says about itself, over HTTP and stdio alike.</summary>
internal static class ServerDescription
{
    /// <summary>
    /// The one identifying header of fetches of URLs that callers name (file arguments, client metadata documents):
    /// the product, without its version, the deployment or the caller.
    /// </summary>
    public const string UserAgent = "dryapi-mcp";

    private static readonly Implementation ServerInfo = new()
    {
        Name = "dryapi-mcp",
        Title = "dryAPI",
        Version = typeof(ServerDescription).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
    };

    /// <summary>
    /// Options for one MCP server offering <paramref name="tools"/>, the model resources and their completions, and
    /// MCP Tasks for the job tools when <paramref name="offerTasks"/>; it runs in the caller's service scope.
    /// </summary>
    public static McpServerOptions Options(McpServerPrimitiveCollection<McpServerTool> tools, bool offerTasks)
    {
        var options = new McpServerOptions
        {
            ServerInfo = ServerInfo,
            ServerInstructions = ServerGuide.Instructions,
            ScopeRequests = false,
            ToolCollection = tools,
            Handlers = ResourceHandlers.Create(),
        };
        if (offerTasks)
        {
            TaskProtocol.AddTo(options, tools);
        }

        return options;
    }
}
