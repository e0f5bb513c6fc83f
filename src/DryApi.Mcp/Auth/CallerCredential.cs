using DryApi.Client;

namespace DryApi.Mcp.Auth;

/// <summary>The dryAPI credential of the caller of the current MCP request; set by the endpoint, read by the tools.</summary>
internal sealed class CallerCredential
{
    private DryApiCredential? credential;

    public DryApiCredential Credential
    {
        get => credential ?? throw new InvalidOperationException("No caller credential was resolved for this request.");
        set => credential = value;
    }

    /// <summary>The credential in an <c>Authorization: Bearer</c> header, or null when there is none.</summary>
    public static DryApiCredential? FromBearerHeader(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var key = header[scheme.Length..].Trim();
        return key.Length == 0 || key.Any(char.IsControl) ? null : new DryApiCredential(key);
    }
}
