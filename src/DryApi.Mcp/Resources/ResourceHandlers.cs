using ModelContextProtocol.Protocol;
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
        ListResourcesHandler = async (request, cancellationToken) =>
        {
            var models = await ModelResources.ListAsync(request, cancellationToken);
            return new ListResourcesResult { Resources = [.. models.Resources, MediaViewer.Listing] };
        },
        ListResourceTemplatesHandler = ModelResources.ListTemplatesAsync,
        ReadResourceHandler = (request, cancellationToken) => request.Params?.Uri == MediaViewer.Uri
            ? ValueTask.FromResult(Service<MediaViewer>(request).Read())
            : Service<ModelResources>(request).ReadAsync(request, cancellationToken),
        SubscribeToResourcesHandler = ModelResources.RefuseSubscriptionAsync,
        UnsubscribeFromResourcesHandler = ModelResources.RefuseSubscriptionAsync,
        CompleteHandler = (request, cancellationToken) => Service<ModelCompletions>(request).CompleteAsync(request, cancellationToken),
    };

    private static T Service<T>(MessageContext request)
        where T : notnull =>
        (request.Services ?? throw new InvalidOperationException("The MCP server has no request services.")).GetRequiredService<T>();
}
