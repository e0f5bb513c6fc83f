using DryApi.Client;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

/// <summary>
/// The dryAPI credential behind a request's bearer. With OAuth on, the bearer is either an access token this server
/// issued for its own resource (checked by OpenIddict's validation), or a raw dryAPI key that dryAPI accepts (checked once, then cached); a valid raw key
/// is never challenged, so clients configured with a header keep working. Checking an unknown raw key counts against
/// the key-check limits: past them <see cref="ResolveAsync"/> throws <see cref="KeyChecksLimitedException"/>, which
/// the MCP endpoint answers with 429. With OAuth off, any bearer is forwarded as a key and dryAPI itself judges it.
/// </summary>
internal sealed class BearerCredentialResolver(
    IOptions<OAuthOptions> options,
    ApiKeyVerifier keyVerifier,
    OAuthUrls urls)
{
    public async Task<DryApiCredential?> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bearer = CallerCredential.FromBearerHeader(request);
        if (bearer is null)
        {
            return null;
        }

        if (!options.Value.Enabled)
        {
            // Forwarded unchecked, unless this server's own check (before a large body) found dryAPI refuses it.
            return keyVerifier.IsKnownInvalid(BearerText(request)) ? null : bearer;
        }

        var presented = BearerText(request);
        if (LooksSealed(presented))
        {
            return await AuthorizationServer.ApiKeyOfAccessTokenAsync(request.HttpContext) is { } key ? new DryApiCredential(key) : null;
        }

        // dryAPI being unreachable is not the caller's fault: the key goes through, and dryAPI judges it on use.
        return await keyVerifier.CheckAsync(presented, request.HttpContext, cancellationToken) == KeyVerdict.Invalid ? null : bearer;
    }

    /// <summary>
    /// Whether dryAPI accepts the request's bearer, asked (and cached) before a large body is read. With OAuth on,
    /// <see cref="ResolveAsync"/> already proved the bearer; with it off a bearer is otherwise forwarded unchecked.
    /// As in <see cref="ResolveAsync"/>, dryAPI being unreachable is not held against the caller.
    /// </summary>
    public async Task<bool> AcceptedByDryApiAsync(HttpRequest request, CancellationToken cancellationToken) =>
        options.Value.Enabled || await keyVerifier.CheckAsync(BearerText(request), request.HttpContext, cancellationToken) != KeyVerdict.Invalid;

    /// <summary>
    /// The 401 for a request whose bearer is missing or refused: its <c>WWW-Authenticate</c> value (with OAuth on,
    /// pointing at the protected-resource metadata) and the message for the body. Both say which of the two happened and
    /// what to send, since some clients show only the header's <c>error_description</c> and others only the body.
    /// The header's wording avoids the word "Bearer" before a space, which clients' secret redaction mangles.
    /// </summary>
    public CallerChallenge Challenge(HttpRequest request)
    {
        var presented = BearerText(request);
        var oauth = options.Value.Enabled;
        var (error, description) = (presented.Length > 0, oauth) switch
        {
            // A token of ours that no longer validates: expired, or issued before this server moved to OpenIddict.
            (true, true) when LooksSealed(presented) => ("invalid_token",
                "This sign-in has expired or is no longer valid (tokens from before this server's last upgrade are not accepted). Sign in again"),
            (true, _) => ("invalid_token",
                "dryAPI did not accept this API key, or the sign-in has expired. Check the key in your dryAPI dashboard, or sign in again"),
            (false, true) => (null, "Sign in to connect, or set the Authorization header to the word Bearer, a space and your dryAPI API key"),
            // RFC 6750 advises no error code when nothing was sent; without OAuth, though, the header is all some clients show.
            (false, false) => ("invalid_request",
                "No API key was sent. Set the Authorization header to the word Bearer, a space and your dryAPI API key"),
        };

        var header = "Bearer realm=\"dryapi-mcp\"" + (oauth ? $", resource_metadata=\"{urls.ResourceMetadata}\"" : "")
            + (error is null ? "" : $", error=\"{error}\", error_description=\"{description}\"");
        return new CallerChallenge(header, description + ". Create a key in your dryAPI dashboard if you have none.");
    }

    private static string BearerText(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : "";
    }

    /// <summary>A compact JWE has five dot-separated parts; dryAPI keys have no dots.</summary>
    private static bool LooksSealed(string bearer) => bearer.Count(character => character == '.') == 4;
}

/// <summary>A 401's <c>WWW-Authenticate</c> value and the message of its body.</summary>
internal sealed record CallerChallenge(string WwwAuthenticate, string Message);
