using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
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
        services.AddSingleton<ApiKeyVerifier>();
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
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<OAuthOptions>>((limiter, oauth) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = OAuthRequestPipeline.PerClientAddress(oauth.Value.RequestsPerMinute);
        });
        services.AddSingleton<IStartupFilter, OAuthRequestPipeline>();
        return builder;
    }

    /// <summary>Discovery documents, <c>/register</c>, <c>/authorize</c> and <c>/token</c>; nothing when OAuth is off.</summary>
    public static IEndpointRouteBuilder MapDryApiOAuth(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<OAuthOptions>>().Value.Enabled)
        {
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
            .WithMetadata(SmallBody.Instance);
        OpenToBrowsers(endpoints, OAuthUrls.TokenPath, HttpMethods.Post)
            .MapPost(OAuthUrls.TokenPath, (HttpContext context, TokenEndpoint token) => token.HandleAsync(context))
            .WithMetadata(SmallBody.Instance);
        endpoints.MapGet(OAuthUrls.AuthorizePath, (HttpContext context, AuthorizeEndpoint authorize) => authorize.ShowAsync(context));
        endpoints.MapPost(OAuthUrls.AuthorizePath, (HttpContext context, AuthorizeEndpoint authorize) => authorize.SubmitAsync(context))
            .DisableAntiforgery()
            .WithMetadata(SmallBody.Instance);
        return endpoints;
    }

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
    /// Runs before routing: forwarded headers (only when trusted) and per-address rate limits on the authorization
    /// server's endpoints, so brute-forcing keys on the authorize page or the token endpoint is slow.
    /// </summary>
    private sealed class OAuthRequestPipeline(IOptions<OAuthOptions> options) : IStartupFilter
    {
        private static readonly string[] LimitedPaths = [OAuthUrls.AuthorizePath, OAuthUrls.TokenPath, OAuthUrls.RegisterPath];

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

                app.UseRateLimiter();
            }

            next(app);
        };

        /// <summary>A fixed window per client address on the authorization server's endpoints; nothing elsewhere.</summary>
        public static PartitionedRateLimiter<HttpContext> PerClientAddress(int requestsPerMinute) =>
            PartitionedRateLimiter.Create<HttpContext, string>(context => LimitedPaths.Contains(context.Request.Path.Value, StringComparer.OrdinalIgnoreCase)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = requestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("unlimited"));

        private static string ClientAddress(HttpContext context) =>
            context.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : IPAddress.None.ToString();
    }
}
