using DryApi.Client;
using DryApi.Client.Errors;
using DryApi.Client.Responses;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Tools.Models;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Resources;

/// <summary>
/// The model list of the caller of an MCP request, from the same per-key cache the job tools use. A failure at
/// dryAPI becomes a JSON-RPC error carrying dryAPI's message, since resources and completions have no tool error.
/// </summary>
internal sealed class CallerModelCatalog(ModelCatalogCache cache, DryApiClientFactory clients)
{
    public Task<ModelCatalog> GetAsync(MessageContext request, CancellationToken cancellationToken) =>
        LoadAsync(request, cache.GetAsync, cancellationToken);

    /// <summary>Fetches the list again (for a slug the cached copy does not know), joining a fetch already under way.</summary>
    public Task<ModelCatalog> RefreshAsync(MessageContext request, CancellationToken cancellationToken) =>
        LoadAsync(request, cache.RefreshAsync, cancellationToken);

    private async Task<ModelCatalog> LoadAsync(
        MessageContext request,
        Func<string, Func<CancellationToken, Task<ModelCatalog>>, CancellationToken, Task<ModelCatalog>> load,
        CancellationToken cancellationToken)
    {
        var services = request.Services ?? throw new InvalidOperationException("The MCP server has no request services.");
        var credential = services.GetRequiredService<CallerCredential>().Credential;
        var client = clients.Create(credential);
        try
        {
            return await load(credential.Fingerprint, token => client.GetModelsAsync(cancellationToken: token), cancellationToken);
        }
        catch (DryApiException exception)
        {
            throw new McpException(exception.Message, exception);
        }
    }
}
