using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

/// <summary>Turns a <c>client_id</c> into a client: the pre-registered one, a sealed DCR client, or a metadata document URL.</summary>
internal sealed class ClientResolver(SealedArtefacts artefacts, ClientMetadataDocuments metadataDocuments, IOptions<OAuthOptions> options)
{
    /// <summary>The client with its redirect URIs (a metadata document is fetched), or null when it is unknown or invalid.</summary>
    public async Task<OAuthClient?> ResolveAsync(string? clientId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return null;
        }

        if (clientId == OAuthClient.PreRegisteredId)
        {
            return new OAuthClient(clientId, "dryAPI MCP", ClientKind.PreRegistered, options.Value.EffectiveRedirectUris);
        }

        if (metadataDocuments.IsClientIdUrl(clientId))
        {
            return await metadataDocuments.FetchAsync(clientId, cancellationToken);
        }

        return await artefacts.UnsealClientAsync(clientId) is { } registered
            ? new OAuthClient(clientId, registered.Name ?? "An unnamed application", ClientKind.Registered, registered.RedirectUris)
            : null;
    }

    /// <summary>
    /// Whether a public client's <c>client_id</c> is genuine at the token endpoint: a sealed client must unseal; a
    /// metadata document URL is not fetched again, since the code it redeems is bound to it.
    /// </summary>
    public async Task<bool> IsGenuinePublicClientAsync(string clientId) =>
        clientId != OAuthClient.PreRegisteredId
        && (metadataDocuments.IsClientIdUrl(clientId) || await artefacts.UnsealClientAsync(clientId) is not null);
}
