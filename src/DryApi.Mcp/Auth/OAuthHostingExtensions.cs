using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

public static class OAuthHostingExtensions
{
    /// <summary>The authorization server's and resource server's services; inert unless <c>Auth:Enabled</c>.</summary>
    public static IHostApplicationBuilder AddDryApiOAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OAuthOptions>().BindConfiguration(OAuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidation>();
        services.AddSingleton<OAuthUrls>();
        services.AddSingleton<TokenSealer>();
        services.AddSingleton<SealedArtefacts>();
        services.AddSingleton<KeyCheckLimiter>();
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<OAuthRequestLimits>();
        services.AddSingleton<BearerCredentialResolver>();
        services.AddSingleton<OutboundAddressPolicy>();
        services.AddSingleton<ClientMetadataDocuments>();
        services.AddSingleton<ClientResolver>();
        services.AddSingleton<AuthorizeFormProtection>();
        services.AddSingleton<DiscoveryEndpoints>();
        services.AddSingleton<RegistrationEndpoint>();
        services.AddSingleton<AuthorizeEndpoint>();
        services.AddSingleton<TokenEndpoint>();
        services.AddHttpClient(ClientMetadataDocuments.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectTimeout = ClientMetadataDocuments.Timeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                MaxResponseHeadersLength = 16,
                ConnectCallback = provider.GetRequiredService<OutboundAddressPolicy>().ConnectAsync,
                ActivityHeadersPropagator = null, // no trace context for a host a client named
            });
        services.AddSingleton<IStartupFilter, OAuthRequestPipeline>();
        return builder;
    }

    /// <summary>
    /// Discovery documents, <c>/register</c>, <c>/authorize</c> and <c>/token</c>. When OAuth is off only
    /// <c>/register</c> answers, with a 404 that says to send the key: clients such as Claude Code and mcp-remote take
    /// any 401 for an OAuth sign-in, fall back to registering at <c>/register</c>, and show only that answer's body.
    /// </summary>
    public static IEndpointRouteBuilder MapDryApiOAuth(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<OAuthOptions>>().Value.Enabled)
        {
            endpoints.MapPost(OAuthUrls.RegisterPath, () => OAuthResponses.Error(StatusCodes.Status404NotFound, "invalid_request",
                "This server has no OAuth sign-in. Set the Authorization header to the word Bearer, a space and your dryAPI API key"));
            return endpoints;
        }

        var mcpPath = endpoints.ServiceProvider.GetRequiredService<OAuthUrls>().McpPath;
        foreach (var path in new[] { OAuthUrls.ProtectedResourceMetadataPath + mcpPath, OAuthUrls.ProtectedResourceMetadataPath })
        {
            OpenToBrowsers(endpoints, path, HttpMethods.Get).MapGet(path, (DiscoveryEndpoints discovery) => discovery.ProtectedResource());
        }

        foreach (var path in new[] { OAuthUrls.AuthorizationServerMetadataPath, OAuthUrls.OpenIdConfigurationPath })
        {
            OpenToBrowsers(endpoints, path, HttpMethods.Get).MapGet(path, (DiscoveryEndpoints discovery) => discovery.AuthorizationServer());
        }

        OpenToBrowsers(endpoints, OAuthUrls.RegisterPath, HttpMethods.Post)
            .MapPost(OAuthUrls.RegisterPath, (HttpContext context, RegistrationEndpoint registration) => registration.HandleAsync(context))
            .WithMetadata(SmallBody.Instance)
            .LimitedPerAddress(OAuthUrls.RegisterPath, RefusedAsJson);
        OpenToBrowsers(endpoints, OAuthUrls.TokenPath, HttpMethods.Post)
            .MapPost(OAuthUrls.TokenPath, (HttpContext context, TokenEndpoint token) => token.HandleAsync(context))
            .WithMetadata(SmallBody.Instance)
            .LimitedPerAddress(OAuthUrls.TokenPath, RefusedAsJson);
        endpoints.MapGet(OAuthUrls.AuthorizePath, (HttpContext context, AuthorizeEndpoint authorize) => authorize.ShowAsync(context))
            .LimitedPerAddress(OAuthUrls.AuthorizePath, RefusedAsPage);
        endpoints.MapPost(OAuthUrls.AuthorizePath, (HttpContext context, AuthorizeEndpoint authorize) => authorize.SubmitAsync(context))
            .DisableAntiforgery()
            .WithMetadata(SmallBody.Instance)
            .LimitedPerAddress(OAuthUrls.AuthorizePath, RefusedAsPage);
        return endpoints;
    }

    /// <summary>
    /// Applies <see cref="OAuthRequestLimits"/> to the endpoint routing chose, before its body is read; a refused
    /// request gets 429 with <c>Retry-After</c>. GET and POST of <c>/authorize</c> share its window.
    /// </summary>
    private static RouteHandlerBuilder LimitedPerAddress(this RouteHandlerBuilder endpoint, string window, Func<string, IResult> refused) =>
        endpoint.AddEndpointFilter(async (invocation, next) =>
            invocation.HttpContext.RequestServices.GetRequiredService<OAuthRequestLimits>().Refusal(invocation.HttpContext, window) is { } refusal
                ? refused(refusal)
                : await next(invocation));

    private static IResult RefusedAsJson(string refusal) =>
        OAuthResponses.Error(StatusCodes.Status429TooManyRequests, "temporarily_unavailable", refusal);

    private static IResult RefusedAsPage(string refusal) => AuthorizePage.Error(refusal, StatusCodes.Status429TooManyRequests);

    /// <summary>The authorization server's requests are small forms and JSON; anything larger is refused (413) unread.</summary>
    private sealed class SmallBody : IRequestSizeLimitMetadata
    {
        public static readonly SmallBody Instance = new();

        public long? MaxRequestBodySize => 64 * 1024;
    }

    /// <summary>
    /// CORS for a route browser-based clients call directly (discovery, registration, token): any origin, no
    /// cookies, so no credential of the user's browser is ever involved. Answers the preflight and marks the response.
    /// </summary>
    private static RouteGroupBuilder OpenToBrowsers(IEndpointRouteBuilder endpoints, string path, string method)
    {
        endpoints.MapMethods(path, [HttpMethods.Options], (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlAllowMethods = method + ", OPTIONS";
            headers.AccessControlAllowHeaders = "Authorization, Content-Type, MCP-Protocol-Version";
            headers.AccessControlMaxAge = "600";
            return Results.NoContent();
        });
        var group = endpoints.MapGroup("");
        group.AddEndpointFilter(async (invocation, next) =>
        {
            invocation.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
            return await next(invocation);
        });
        return group;
    }

    /// <summary>
    /// Runs before routing: forwarded headers (only when trusted), so every limit counts the real client address.
    /// </summary>
    private sealed class OAuthRequestPipeline(IOptions<OAuthOptions> options) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var settings = options.Value;
            if (settings.Enabled)
            {
                if (settings.TrustForwardedHeaders)
                {
                    var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
                    forwarded.KnownIPNetworks.Clear();
                    forwarded.KnownProxies.Clear();
                    app.UseForwardedHeaders(forwarded);
                }
            }

            next(app);
        };
    }
}
