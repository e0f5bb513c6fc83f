using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

/// <summary>
/// Dynamic Client Registration (RFC 7591) without storage: the answer's <c>client_id</c> is the sealed registration
/// itself. Clients are public (<c>none</c>); the user's key is entered on the authorize page. A registration whose
/// <c>client_id</c> could not be used is refused, saying why.
/// </summary>
internal sealed class RegistrationEndpoint(SealedArtefacts artefacts, OAuthUrls urls, IOptions<KestrelServerOptions> kestrel, TimeProvider timeProvider)
{
    /// <summary>
    /// The <c>client_id</c> travels in every authorize URL and inside OpenIddict's codes and refresh tokens (not its
    /// access tokens); the largest-registration test confirms a flow and a refresh work at this length.
    /// </summary>
    public const int MaxClientIdLength = 4096;

    /// <summary>Room left in the authorize URL for the client's <c>state</c> and <c>scope</c>.</summary>
    public const int StateAllowance = 512;

    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxRedirectUris = 10;
    private static readonly string[] SupportedGrantTypes = ["authorization_code", "refresh_token"];

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = context.Request.HasJsonContentType() ? await ReadBoundedAsync(context.Request) : null;
        if (body is null)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_client_metadata",
                $"Send the client metadata as a JSON object (Content-Type: application/json), at most {MaxBodyBytes} bytes.");
        }

        RegistrationRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<RegistrationRequest>(body, OAuthResponses.Json);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_client_metadata", "The body is not a JSON object of client metadata.");
        }

        if (Problem(request) is { } problem)
        {
            return problem;
        }

        var name = request.ClientName?.Trim() is { Length: > 0 } trimmed ? trimmed[..Math.Min(trimmed.Length, 100)] : null;
        var clientId = artefacts.SealClient(new RegisteredClient(name, request.RedirectUris!));
        if (UnusableClientId(clientId, request.RedirectUris!) is { } unusable)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_client_metadata", unusable);
        }

        return OAuthResponses.Body(
            new RegistrationResponse(
                clientId, timeProvider.GetUtcNow().ToUnixTimeSeconds(), name, request.RedirectUris!, SupportedGrantTypes, ["code"], "none"),
            StatusCodes.Status201Created);
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Why the client_id could not be used: too long for the tokens that carry it, or for an authorize URL with one of its redirect URIs.</summary>
    private string? UnusableClientId(string clientId, IReadOnlyList<string> redirectUris)
    {
        const string Fix = "Register fewer or shorter redirect_uris, or a shorter client_name.";
        if (clientId.Length > MaxClientIdLength)
        {
            return $"This registration would give a client_id of {clientId.Length} characters, over this server's limit of {MaxClientIdLength} " +
                   $"(the client_id travels in every authorize URL, code and refresh token). {Fix}";
        }

        var limit = kestrel.Value.Limits.MaxRequestLineSize;
        foreach (var redirectUri in redirectUris)
        {
            var length = AuthorizeRequestLineLength(clientId, redirectUri);
            if (length > limit)
            {
                return $"With the redirect URI '{redirectUri}', the authorize request line would be {length} bytes (allowing {StateAllowance} " +
                       $"for state and scope), over this server's limit of {limit} (Kestrel MaxRequestLineSize). {Fix}";
            }
        }

        return null;
    }

    private int AuthorizeRequestLineLength(string clientId, string redirectUri)
    {
        var target = QueryHelpers.AddQueryString(OAuthUrls.AuthorizePath, new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["code_challenge"] = new string('c', 43),
            ["code_challenge_method"] = Pkce.Method,
            ["state"] = new string('s', StateAllowance),
            ["resource"] = urls.Resource,
        });
        return $"GET {target} HTTP/1.1\r\n".Length;
    }

    private static IResult? Problem(RegistrationRequest request)
    {
        if (request.RedirectUris is not { Count: > 0 and <= MaxRedirectUris } redirectUris)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_redirect_uri",
                $"redirect_uris must list 1 to {MaxRedirectUris} redirect URIs.");
        }

        if (redirectUris.FirstOrDefault(uri => !Ascii.IsValid(uri)) is { } international)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_redirect_uri",
                $"The redirect URI '{international}' has characters outside ASCII: write an international host in punycode (xn--…) and percent-encode the rest.");
        }

        if (redirectUris.FirstOrDefault(uri => !RedirectUriRules.TryParse(uri, out _)) is { } refused)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_redirect_uri",
                $"The redirect URI '{refused}' is not allowed: use https, or http on a loopback address (127.0.0.1, localhost, [::1]), without a fragment or user info.");
        }

        if (request.GrantTypes is { } grantTypes && grantTypes.Except(SupportedGrantTypes, StringComparer.Ordinal).Any())
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_client_metadata",
                "grant_types may only contain authorization_code and refresh_token.");
        }

        return request.ResponseTypes is { } responseTypes && responseTypes.Any(type => type != "code")
            ? OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_client_metadata", "response_types may only contain code.")
            : null;
    }

    private sealed record RegistrationRequest(
        IReadOnlyList<string>? RedirectUris, string? ClientName, IReadOnlyList<string>? GrantTypes, IReadOnlyList<string>? ResponseTypes);

    private sealed record RegistrationResponse(
        string ClientId,
        long ClientIdIssuedAt,
        string? ClientName,
        IReadOnlyList<string> RedirectUris,
        IReadOnlyList<string> GrantTypes,
        IReadOnlyList<string> ResponseTypes,
        string TokenEndpointAuthMethod);
}
