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
    /// What every MCP server of this host has: its identity and guide, the model resources and their completions, and
    /// MCP Tasks for the job tools when <paramref name="offerTasks"/>. It runs in the caller's service scope.
    /// </summary>
    public static void Configure(McpServerOptions options, bool offerTasks)
    {
        options.ServerInfo = ServerInfo;
        options.ServerInstructions = ServerGuide.Instructions;
        options.ScopeRequests = false;
        options.Handlers = ResourceHandlers.Create();
        if (offerTasks)
        {
            TaskProtocol.AddTo(options);
        }
    }

    /// <summary>Options for one MCP server offering <paramref name="tools"/> (stdio's one session).</summary>
    public static McpServerOptions Options(McpServerPrimitiveCollection<McpServerTool> tools, bool offerTasks)
    {
        var options = new McpServerOptions();
        Configure(options, offerTasks);
        options.ToolCollection = tools;
        return options;
    }
}
