using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using DryApi.Mcp.Backplane;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using AspNetCoreHandlers = OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers;
using ServerHandlers = OpenIddict.Server.OpenIddictServerHandlers;

namespace DryApi.Mcp.Auth;

/// <summary>
/// Our rules inside OpenIddict's pipeline, where it has no feature of its own: which clients exist (pre-registered,
/// sealed DCR ids, metadata documents) and where they may be sent back to, the pre-registered client's secret (the
/// user's key, checked with dryAPI), the <c>resource</c> matching, single-use codes and refresh tokens, refresh tokens
/// without <c>offline_access</c>, small access tokens, and metadata that advertises exactly what we support.
/// </summary>
internal static class AuthorizationServerHandlers
{
    /// <summary>The transaction property holding the client (<see cref="OAuthClient"/>) verified for an authorization request.</summary>
    public const string VerifiedClient = "dryapi:client";

    /// <summary>The transaction property holding the pre-registered client's secret once dryAPI accepted it as a key.</summary>
    private const string VerifiedSecretKey = "dryapi:secret-key";

    private const int First = int.MinValue + 50_000;

    public static void Register(OpenIddictServerBuilder server)
    {
        Add<ValidateAuthorizationRequestContext, VerifyAuthorizationClient>(server, First);
        Add<ApplyAuthorizationResponseContext>(server, ServerHandlers.Authentication.AttachRedirectUri.Descriptor.Order + 1, ReturnToVerifiedRedirectUri);
        Add<ApplyAuthorizationResponseContext>(server, AspNetCoreHandlers.Authentication.ProcessQueryResponse.Descriptor.Order - 1, SeeOtherAfterPost);
        Add<ValidateTokenRequestContext, AuthenticateTokenClient>(server, First);
        Add<ValidateTokenRequestContext, UseGrantOnce>(server, int.MaxValue - 50_000);
        Add<HandleTokenRequestContext>(server, ServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 1, AttachApiKey);
        Add<ProcessSignInContext>(server, ServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 1, AlwaysIssueRefreshToken);
        Add<ProcessSignInContext>(server, ServerHandlers.PrepareAccessTokenPrincipal.Descriptor.Order + 1, SlimAccessToken);
        Add<ApplyConfigurationResponseContext>(server, First, AdvertiseWhatWeSupport);
    }

    private static void Add<TContext, THandler>(OpenIddictServerBuilder server, int order)
        where TContext : OpenIddictServerEvents.BaseContext
        where THandler : class, IOpenIddictServerHandler<TContext> =>
        server.AddEventHandler<TContext>(handler => handler.UseSingletonHandler<THandler>().SetOrder(order).SetType(OpenIddictServerHandlerType.Custom));

    private static void Add<TContext>(OpenIddictServerBuilder server, int order, Func<TContext, ValueTask> handle)
        where TContext : OpenIddictServerEvents.BaseContext =>
        server.AddEventHandler<TContext>(handler => handler.UseInlineHandler(handle).SetOrder(order).SetType(OpenIddictServerHandlerType.Custom));

    /// <summary>The issuer exactly as configured and advertised (OpenIddict's own spelling adds a trailing slash).</summary>
    private static string Issuer(OpenIddictServerEvents.BaseContext context) => context.Options.Issuer!.AbsoluteUri.TrimEnd('/');

    /// <summary>
    /// Runs before OpenIddict's own checks: until the client and its redirect URI are verified, an error is shown as a
    /// page (error passthrough to <see cref="AuthorizeEndpoint"/>); after, every error goes back to the client.
    /// </summary>
    private sealed class VerifyAuthorizationClient(ClientResolver clients, OAuthUrls urls) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
    {
        public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            var request = context.Request;
            if (string.IsNullOrEmpty(request.ClientId))
            {
                context.Reject(Errors.InvalidRequest, "The request has no client_id.");
                return;
            }

            if (await clients.ResolveAsync(request.ClientId, context.CancellationToken) is not { } client)
            {
                context.Reject(Errors.InvalidClient,
                    "This application's client_id is not known here: it was not registered with this server, or its metadata document could not be fetched or does not describe it.");
                return;
            }

            if (string.IsNullOrEmpty(request.RedirectUri) || !client.Accepts(request.RedirectUri))
            {
                context.Reject(Errors.InvalidRequest, "The redirect_uri is missing or is not registered for this application, so this server will not send you there.");
                return;
            }

            context.SetRedirectUri(request.RedirectUri!);
            context.Transaction.SetProperty(VerifiedClient, client);
            if (!string.IsNullOrEmpty(request.CodeChallenge) && !Pkce.IsWellFormedChallenge(request.CodeChallenge))
            {
                context.Reject(Errors.InvalidRequest, "PKCE is required: send code_challenge (43 characters) with code_challenge_method=S256; plain is not accepted.");
            }
            else if (ForeignResource(request, urls) is { } problem)
            {
                context.Reject(Errors.InvalidTarget, problem);
            }
        }
    }

    /// <summary>OpenIddict shows every validation error locally; ours go back to a redirect URI once it is verified.</summary>
    private static ValueTask ReturnToVerifiedRedirectUri(ApplyAuthorizationResponseContext context)
    {
        if (string.IsNullOrEmpty(context.RedirectUri) && context.Transaction.GetProperty<OAuthClient>(VerifiedClient) is not null)
        {
            context.RedirectUri = context.Request?.RedirectUri;
        }

        if (!string.IsNullOrEmpty(context.RedirectUri))
        {
            context.Response.Iss = Issuer(context);
        }

        return default;
    }

    /// <summary>The key page posts; a 303 makes the browser follow the redirect with GET and without resending the form.</summary>
    private static ValueTask SeeOtherAfterPost(ApplyAuthorizationResponseContext context)
    {
        var request = context.Transaction.GetHttpRequest();
        if (request is null || !HttpMethods.IsPost(request.Method) || string.IsNullOrEmpty(context.RedirectUri) || context.ResponseMode != ResponseModes.Query)
        {
            return default;
        }

        var parameters = context.Response.GetParameters().Select(parameter => KeyValuePair.Create(parameter.Key, (string?)parameter.Value));
        request.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        request.HttpContext.Response.Headers.Location = QueryHelpers.AddQueryString(context.RedirectUri, parameters);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        context.HandleRequest();
        return default;
    }

    /// <summary>
    /// Who may ask for tokens: the pre-registered client with the user's key as its secret (checked with dryAPI), a
    /// sealed DCR client, or a metadata-document client (its code is bound to its URL, so it is not fetched again).
    /// </summary>
    private sealed class AuthenticateTokenClient(ClientResolver clients, ApiKeyVerifier keyVerifier, OAuthUrls urls) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public async ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            var request = context.Request;
            var http = context.Transaction.GetHttpRequest()!.HttpContext;
            if (string.IsNullOrEmpty(request.ClientId))
            {
                context.Reject(Errors.InvalidRequest, "client_id is required (in the form, or in a Basic authorization header).");
                return;
            }

            if (request.ClientId != OAuthClient.PreRegisteredId)
            {
                if (!await clients.IsGenuinePublicClientAsync(request.ClientId))
                {
                    context.Reject(Errors.InvalidClient, "This client_id is not known here; register again.");
                }
                else if (request.IsClientCredentialsGrantType())
                {
                    context.Reject(Errors.UnauthorizedClient,
                        $"client_credentials is only for the client '{OAuthClient.PreRegisteredId}' with your dryAPI API key as its secret.");
                }
                else if (ForeignResource(request, urls) is { } problem)
                {
                    context.Reject(Errors.InvalidTarget, problem);
                }

                return;
            }

            if (request.ClientSecret?.Trim() is not { Length: > 0 } key)
            {
                context.Reject(Errors.InvalidClient,
                    $"The client '{OAuthClient.PreRegisteredId}' authenticates with your dryAPI API key as its client secret (client_secret_basic or client_secret_post).");
                return;
            }

            KeyVerdict verdict;
            try
            {
                verdict = await keyVerifier.CheckAsync(key, http, http.RequestAborted);
            }
            catch (KeyChecksLimitedException limited)
            {
                limited.SetRetryAfter(http.Response);
                await OAuthResponses.Error(StatusCodes.Status429TooManyRequests, Errors.TemporarilyUnavailable, limited.Message).ExecuteAsync(http);
                context.HandleRequest();
                return;
            }

            switch (verdict)
            {
                case KeyVerdict.Valid when ForeignResource(request, urls) is { } problem:
                    context.Reject(Errors.InvalidTarget, problem);
                    break;
                case KeyVerdict.Valid:
                    context.Transaction.SetProperty(VerifiedSecretKey, key);
                    break;
                case KeyVerdict.Invalid:
                    context.Reject(Errors.InvalidClient, "dryAPI did not accept the client secret as an API key.");
                    break;
                default:
                    context.Reject(Errors.TemporarilyUnavailable, "dryAPI could not be reached to check the API key. Try again in a moment.");
                    break;
            }
        }
    }

    /// <summary>
    /// Without token storage OpenIddict cannot revoke what it issued: each redeemed code and rotated refresh token is
    /// remembered (in this replica, and through the backplane in all) until it would have expired, and a second use is
    /// refused. A refresh also needs the key still accepted by dryAPI, and the pre-registered client's secret to be the
    /// key the grant was made for.
    /// </summary>
    private sealed class UseGrantOnce(ApiKeyVerifier keyVerifier, RedisBackplane backplane, TimeProvider timeProvider) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        private readonly SharedSingleUse redeemedCodes = new("code", new SingleUseRecord(capacity: 10_000, timeProvider), backplane, timeProvider);
        private readonly SharedSingleUse rotatedRefreshTokens = new("refresh", new SingleUseRecord(capacity: 100_000, timeProvider), backplane, timeProvider);

        public async ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            var request = context.Request;
            if ((context.AuthorizationCodePrincipal ?? context.RefreshTokenPrincipal) is not { } grant || !(request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType()))
            {
                return;
            }

            var expires = grant.GetExpirationDate() ?? DateTimeOffset.MaxValue;
            if (request.IsAuthorizationCodeGrantType())
            {
                if (!await redeemedCodes.TryUseAsync(Fingerprint(request.Code!), expires))
                {
                    context.Reject(Errors.InvalidGrant, "This code has already been redeemed; a code is single use. Start the authorization again.");
                }

                return;
            }

            var apiKey = grant.GetClaim(AuthorizationServer.ApiKeyClaim) ?? "";
            if (context.Transaction.GetProperty<string>(VerifiedSecretKey) is { } secret && !SameKey(secret, apiKey))
            {
                context.Reject(Errors.InvalidGrant, "The refresh token is invalid, expired, or was issued to another client.");
            }
            else if (!await rotatedRefreshTokens.TryUseAsync(Fingerprint(request.RefreshToken!), expires))
            {
                context.Reject(Errors.InvalidGrant, "This refresh token was already used and replaced by a newer one; send the newest refresh token, or connect again.");
            }
            else if (!await StillAcceptedAsync(apiKey, context.Transaction.GetHttpRequest()!.HttpContext))
            {
                context.Reject(Errors.InvalidGrant, "dryAPI no longer accepts the API key behind this grant; connect again.");
            }
        }

        /// <summary>Only dryAPI's "no" stops a refresh: unreachable or past the key-check limit, dryAPI judges the key on use.</summary>
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

        private static string Fingerprint(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

        private static bool SameKey(string a, string b) =>
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
    }

    /// <summary>
    /// The pre-registered client's code carries no key (its secret is the key): the key is added when it redeems.
    /// client_credentials (the pre-registered client only) gets an access token for its secret.
    /// </summary>
    private static ValueTask AttachApiKey(HandleTokenRequestContext context)
    {
        if (context.Transaction.GetProperty<string>(VerifiedSecretKey) is not { } secret)
        {
            return default;
        }

        if (context.Request.IsClientCredentialsGrantType())
        {
            context.SignIn(Grant(secret, context.Transaction.GetHttpRequest()!.HttpContext.RequestServices.GetRequiredService<OAuthUrls>().Resource));
        }
        else if (context.Principal is { } principal && principal.GetClaim(AuthorizationServer.ApiKeyClaim) is null)
        {
            AddApiKey(principal, secret);
        }

        return default;
    }

    /// <summary>The user's grant as OpenIddict signs it in: the key (null for the pre-registered client) for this resource.</summary>
    public static ClaimsPrincipal Grant(string? apiKey, string resource)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme));
        principal.SetClaim(Claims.Subject, AuthorizationServer.Subject).SetResources(resource);
        if (apiKey is not null)
        {
            AddApiKey(principal, apiKey);
        }

        return principal;
    }

    /// <summary>The key goes into the access token too (OpenIddict leaves out claims without that destination).</summary>
    private static void AddApiKey(ClaimsPrincipal principal, string apiKey) =>
        principal.SetClaim(AuthorizationServer.ApiKeyClaim, apiKey).FindFirst(AuthorizationServer.ApiKeyClaim)!.SetDestinations(Destinations.AccessToken);

    /// <summary>A user's grant (code or refresh) always gets a refresh token, though no client asks for <c>offline_access</c>.</summary>
    private static ValueTask AlwaysIssueRefreshToken(ProcessSignInContext context)
    {
        if (context.EndpointType == OpenIddictServerEndpointType.Token
            && (context.Request.IsAuthorizationCodeGrantType() || context.Request.IsRefreshTokenGrantType()))
        {
            context.GenerateRefreshToken = context.IncludeRefreshToken = true;
        }

        return default;
    }

    /// <summary>/mcp needs only the key: a DCR client's id (a sealed document of its own) is left out of the access token.</summary>
    private static ValueTask SlimAccessToken(ProcessSignInContext context)
    {
        context.AccessTokenPrincipal?.RemoveClaims(Claims.ClientId).RemoveClaims(Claims.Private.Presenter);
        return default;
    }

    private static readonly HashSet<string> Advertised =
    [
        Metadata.AuthorizationEndpoint, Metadata.TokenEndpoint, Metadata.ResponseTypesSupported, Metadata.GrantTypesSupported,
        Metadata.CodeChallengeMethodsSupported, Metadata.TokenEndpointAuthMethodsSupported, Metadata.AuthorizationResponseIssParameterSupported,
    ];

    /// <summary>
    /// Exactly what this server supports: OpenIddict's endpoints, grant types, PKCE and client authentication methods,
    /// plus registration and metadata documents; nothing about scopes, claims, ID tokens or keys it does not serve.
    /// </summary>
    private static ValueTask AdvertiseWhatWeSupport(ApplyConfigurationResponseContext context)
    {
        var response = context.Response;
        foreach (var name in response.GetParameters().Select(parameter => parameter.Key).Where(name => !Advertised.Contains(name)).ToList())
        {
            response.RemoveParameter(name);
        }

        response[Metadata.Issuer] = Issuer(context);
        response["registration_endpoint"] = Issuer(context) + OAuthUrls.RegisterPath;
        response[Metadata.ResponseModesSupported] = new OpenIddictParameter([ResponseModes.Query]);
        response["client_id_metadata_document_supported"] = true;
        return default;
    }

    /// <summary>RFC 8707: a <c>resource</c>, when sent, must name this server's MCP endpoint (see <see cref="OAuthUrls.IsThisResource"/>).</summary>
    private static string? ForeignResource(OpenIddictRequest request, OAuthUrls urls) =>
        request.GetParameter(Parameters.Resource)?.GetRawValue() switch
        {
            null or "" => null,
            string single when urls.IsThisResource(single) => null,
            _ => $"resource must be this server's MCP endpoint, {urls.Resource}.",
        };
}
