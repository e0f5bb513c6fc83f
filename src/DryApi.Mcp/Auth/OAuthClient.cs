namespace DryApi.Mcp.Auth;

internal enum ClientKind
{
    /// <summary><c>dryapi-mcp</c>: its secret is the user's dryAPI API key; its redirect URIs are the configured allow-list.</summary>
    PreRegistered,

    /// <summary>Registered by DCR: a sealed, self-contained <c>client_id</c>.</summary>
    Registered,

    /// <summary>A Client ID Metadata Document: the <c>client_id</c> is the https URL of its metadata.</summary>
    MetadataDocument,
}

/// <summary>A client known for the length of one request, rebuilt from its <c>client_id</c> each time.</summary>
internal sealed record OAuthClient(string Id, string DisplayName, ClientKind Kind, IReadOnlyList<string> RedirectUris)
{
    public const string PreRegisteredId = "dryapi-mcp";

    /// <summary>Whether the client authenticates with a secret (the API key) rather than presenting the key on the authorize page.</summary>
    public bool HasSecret => Kind == ClientKind.PreRegistered;

    public bool Accepts(string redirectUri) => Kind == ClientKind.PreRegistered
        ? RedirectUris.Any(entry => RedirectUriRules.IsAllowedBy(entry, redirectUri))
        : RedirectUriRules.TryParse(redirectUri, out _) && RedirectUris.Any(registered => RedirectUriRules.Matches(registered, redirectUri));
}
