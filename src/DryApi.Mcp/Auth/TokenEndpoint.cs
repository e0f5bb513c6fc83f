using System.Security.Cryptography;
using System.Text;

namespace DryApi.Mcp.Auth;

/// <summary>
/// <c>/token</c>: authorization_code (PKCE S256, redirect URI and client bound to the code, RFC 8707 resource),
/// refresh_token (rotated on every use, bound to its client) and client_credentials (the pre-registered client only).
/// Codes and refresh tokens are single use on this replica: each is recorded once it has been accepted.
/// Wrong or unknown client: 401 <c>invalid_client</c>; a bad code, verifier or refresh token: 400 <c>invalid_grant</c>.
/// </summary>
internal sealed class TokenEndpoint(
    ClientResolver clients,
    ApiKeyVerifier keyVerifier,
    SealedArtefacts artefacts,
    OAuthUrls urls,
    Microsoft.Extensions.Options.IOptions<OAuthOptions> options,
    TimeProvider timeProvider)
{
    private readonly SingleUseRecord redeemedCodes = new(capacity: 10_000, timeProvider);
    private readonly SingleUseRecord rotatedRefreshTokens = new(capacity: 100_000, timeProvider);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        if (await UrlEncodedForm.ReadAsync(context.Request, context.RequestAborted) is not { } form)
        {
            return Invalid("invalid_request", $"Send the token request as {UrlEncodedForm.Requirement}.");
        }

        var (credentials, problem) = ClientCredentials.From(context.Request, form);
        if (credentials is null)
        {
            return Invalid("invalid_request", problem!);
        }

        var (secretKey, clientRejection) = await AuthenticateAsync(context, credentials);
        if (clientRejection is not null)
        {
            return clientRejection;
        }

        if (Single(form, "resource") is { } resource && !urls.IsThisResource(resource))
        {
            return Invalid("invalid_target", $"resource must be this server's MCP endpoint, {urls.Resource}.");
        }

        return Single(form, "grant_type") switch
        {
            "authorization_code" => await RedeemCodeAsync(form, credentials.ClientId, secretKey),
            "refresh_token" => await RefreshAsync(form, credentials.ClientId, secretKey, context),
            "client_credentials" => secretKey is null
                ? Invalid("unauthorized_client", $"client_credentials is only for the client '{OAuthClient.PreRegisteredId}' with your dryAPI API key as its secret.")
                : Issue(secretKey, clientId: null),
            null => Invalid("invalid_request", "grant_type is required."),
            _ => Invalid("unsupported_grant_type", "Supported grant types: authorization_code, refresh_token, client_credentials."),
        };
    }

    /// <summary>The pre-registered client's key (its secret, accepted by dryAPI), or null for a genuine public client; else a 401.</summary>
    private async Task<(string? SecretKey, IResult? Rejection)> AuthenticateAsync(HttpContext context, ClientCredentials credentials)
    {
        if (credentials.ClientId != OAuthClient.PreRegisteredId)
        {
            return await clients.IsGenuinePublicClientAsync(credentials.ClientId)
                ? (null, null)
                : (null, InvalidClient(context, credentials, "This client_id is not known here; register again."));
        }

        if (credentials.Secret?.Trim() is not { Length: > 0 } key)
        {
            return (null, InvalidClient(context, credentials,
                $"The client '{OAuthClient.PreRegisteredId}' authenticates with your dryAPI API key as its client secret (client_secret_basic or client_secret_post)."));
        }

        KeyVerdict verdict;
        try
        {
            verdict = await keyVerifier.CheckAsync(key, context, context.RequestAborted);
        }
        catch (KeyChecksLimitedException limited)
        {
            limited.SetRetryAfter(context.Response);
            return (null, OAuthResponses.Error(StatusCodes.Status429TooManyRequests, "temporarily_unavailable", limited.Message));
        }

        return verdict switch
        {
            KeyVerdict.Valid => (key, null),
            KeyVerdict.Invalid => (null, InvalidClient(context, credentials, "dryAPI did not accept the client secret as an API key.")),
            _ => (null, OAuthResponses.Error(StatusCodes.Status503ServiceUnavailable, "temporarily_unavailable",
                "dryAPI could not be reached to check the API key. Try again in a moment.")),
        };
    }

    private async Task<IResult> RedeemCodeAsync(IFormCollection form, string clientId, string? secretKey)
    {
        if (Single(form, "code") is not { } code || Single(form, "redirect_uri") is not { } redirectUri)
        {
            return Invalid("invalid_request", "code and redirect_uri are required.");
        }

        if (await artefacts.UnsealCodeAsync(code) is not { Payload: var grant } unsealed || grant.ClientId != clientId)
        {
            return Invalid("invalid_grant", "The code is invalid, expired, or was issued to another client.");
        }

        if (grant.RedirectUri != redirectUri)
        {
            return Invalid("invalid_grant", "redirect_uri differs from the one the code was issued for.");
        }

        if (!Pkce.Verifies(Single(form, "code_verifier"), grant.CodeChallenge))
        {
            return Invalid("invalid_grant", "code_verifier does not match the code_challenge.");
        }

        if ((grant.ApiKey ?? secretKey) is not { } key)
        {
            return Invalid("invalid_grant", "The code carries no API key.");
        }

        return redeemedCodes.TryUse(unsealed.Id, unsealed.Expires)
            ? Issue(key, clientId)
            : Invalid("invalid_grant", "This code has already been redeemed; a code is single use. Start the authorization again.");
    }

    private async Task<IResult> RefreshAsync(IFormCollection form, string clientId, string? secretKey, HttpContext context)
    {
        if (await artefacts.UnsealRefreshTokenAsync(Single(form, "refresh_token")) is not { Payload: var grant } unsealed
            || grant.ClientId != clientId || (secretKey is not null && !SameKey(secretKey, grant.ApiKey)))
        {
            return Invalid("invalid_grant", "The refresh token is invalid, expired, or was issued to another client.");
        }

        if (!rotatedRefreshTokens.TryUse(unsealed.Id, unsealed.Expires))
        {
            return Invalid("invalid_grant", "This refresh token was already used and replaced by a newer one; send the newest refresh token, or connect again.");
        }

        return await StillAcceptedAsync(grant.ApiKey, context)
            ? Issue(grant.ApiKey, clientId)
            : Invalid("invalid_grant", "dryAPI no longer accepts the API key behind this grant; connect again.");
    }

    /// <summary>
    /// Whether a refresh may go ahead: only dryAPI's "no" stops it. When dryAPI cannot be asked (down, or the key-check
    /// limit is reached) the key, valid when the grant was sealed, goes through and dryAPI judges it on use.
    /// </summary>
    private async Task<bool> StillAcceptedAsync(string apiKey, HttpContext context)
    {
        try
        {
            return await keyVerifier.CheckAsync(apiKey, context, context.RequestAborted) != KeyVerdict.Invalid;
        }
        catch (KeyChecksLimitedException)
        {
            return true;
        }
    }

    /// <summary>An access token and, for a user's grant (not client_credentials), a new refresh token.</summary>
    private IResult Issue(string apiKey, string? clientId) => OAuthResponses.Body(new TokenResponse(
        AccessToken: artefacts.SealAccessToken(new AccessGrant(apiKey)),
        TokenType: "Bearer",
        ExpiresIn: (long)options.Value.AccessTokenLifetime.TotalSeconds,
        RefreshToken: clientId is null ? null : artefacts.SealRefreshToken(new RefreshGrant(apiKey, clientId))));

    private static bool SameKey(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static IResult Invalid(string error, string description) =>
        OAuthResponses.Error(StatusCodes.Status400BadRequest, error, description);

    private static IResult InvalidClient(HttpContext context, ClientCredentials credentials, string description)
    {
        if (credentials.UsedBasic)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"dryapi-mcp\"";
        }

        return OAuthResponses.Error(StatusCodes.Status401Unauthorized, "invalid_client", description);
    }

    /// <summary>A parameter sent once and not empty (RFC 6749 §3.1: empty parameters are treated as omitted).</summary>
    private static string? Single(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn, string? RefreshToken);
}
