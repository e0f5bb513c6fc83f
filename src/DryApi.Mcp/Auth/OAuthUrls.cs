using DryApi.Mcp.Hosting;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

/// <summary>Every URL the server advertises, all derived from the one configured public base URL.</summary>
internal sealed class OAuthUrls
{
    public const string ProtectedResourceMetadataPath = "/.well-known/oauth-protected-resource";
    public const string AuthorizationServerMetadataPath = "/.well-known/oauth-authorization-server";
    public const string OpenIdConfigurationPath = "/.well-known/openid-configuration";
    public const string AuthorizePath = "/authorize";
    public const string TokenPath = "/token";
    public const string RegisterPath = "/register";

    public OAuthUrls(IOptions<OAuthOptions> options, IOptions<McpHostOptions> mcpOptions)
    {
        Issuer = (options.Value.PublicBaseUrl ?? "").TrimEnd('/');
        McpPath = mcpOptions.Value.Path;
        Resource = Issuer + McpPath;
        ResourceMetadata = Issuer + ProtectedResourceMetadataPath + McpPath;
        IsSecure = Issuer.StartsWith("https://", StringComparison.Ordinal);
    }

    /// <summary>The issuer: the configured public base URL without a trailing slash.</summary>
    public string Issuer { get; }

    /// <summary>The MCP endpoint's path, e.g. <c>/mcp</c>.</summary>
    public string McpPath { get; }

    /// <summary>The canonical URI of the MCP endpoint: the audience of every access token.</summary>
    public string Resource { get; }

    /// <summary>The protected-resource metadata URL advertised in <c>WWW-Authenticate</c>.</summary>
    public string ResourceMetadata { get; }

    public bool IsSecure { get; }

    /// <summary>
    /// Whether a client's <c>resource</c> parameter names this server (RFC 8707): scheme and host compared without
    /// case, a trailing slash ignored, no query or fragment.
    /// </summary>
    public bool IsThisResource(string candidate)
    {
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var given) || given.Query.Length > 0 || candidate.Contains('#', StringComparison.Ordinal))
        {
            return false;
        }

        var own = new Uri(Resource);
        return string.Equals(given.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase)
               && string.Equals(given.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase)
               && given.Port == own.Port
               && string.Equals(given.AbsolutePath.TrimEnd('/'), own.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal)
               && given.UserInfo.Length == 0;
    }
}
