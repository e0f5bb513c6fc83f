using ModelContextProtocol.Server;

namespace DryApi.Mcp.Resources;

/// <summary>
/// The server's resource and completion handlers. Declaring them is what declares the <c>resources</c> capability
/// (without subscribe or listChanged) and the <c>completions</c> capability.
/// </summary>
internal static class ResourceHandlers
{
    public static McpServerHandlers Create() => new()
    {
        ListResourcesHandler = ModelResources.ListAsync,
        ListResourceTemplatesHandler = ModelResources.ListTemplatesAsync,
        ReadResourceHandler = (request, cancellationToken) => Service<ModelResources>(request).ReadAsync(request, cancellationToken),
        SubscribeToResourcesHandler = ModelResources.RefuseSubscriptionAsync,
        UnsubscribeFromResourcesHandler = ModelResources.RefuseSubscriptionAsync,
        CompleteHandler = (request, cancellationToken) => Service<ModelCompletions>(request).CompleteAsync(request, cancellationToken),
    };

    private static T Service<T>(MessageContext request)
        where T : notnull =>
        (request.Services ?? throw new InvalidOperationException("The MCP server has no request services.")).GetRequiredService<T>();
}
