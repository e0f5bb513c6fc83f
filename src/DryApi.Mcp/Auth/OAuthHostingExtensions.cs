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
        services.AddSingleton<RegistrationEndpoint>();
        services.AddSingleton<AuthorizeEndpoint>();
        if (builder.Configuration.GetValue<bool>($"{OAuthOptions.SectionName}:{nameof(OAuthOptions.Enabled)}"))
        {
            services.AddAuthorizationServer();
        }

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
    /// Protected-resource metadata, <c>/register</c> and the key page at <c>/authorize</c> (OpenIddict serves the
    /// authorization-server metadata and <c>/token</c>, and passes <c>/authorize</c> through). When OAuth is off only
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
            endpoints.MapGet(path, (OAuthUrls urls) => Results.Json(
                new ProtectedResourceMetadata(urls.Resource, [urls.Issuer], ["header"], "dryAPI"), OAuthResponses.Json));
        }

        endpoints.MapPost(OAuthUrls.RegisterPath, (HttpContext context, RegistrationEndpoint registration) => registration.HandleAsync(context));
        endpoints.MapGet(OAuthUrls.AuthorizePath, (HttpContext context, AuthorizeEndpoint authorize) => authorize.Show(context));
        endpoints.MapPost(OAuthUrls.AuthorizePath, (HttpContext context, AuthorizeEndpoint authorize) => authorize.SubmitAsync(context))
            .DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Protected-resource metadata (RFC 9728), which OpenIddict does not serve.</summary>
    private sealed record ProtectedResourceMetadata(string Resource, string[] AuthorizationServers, string[] BearerMethodsSupported, string ResourceName);

    /// <summary>
    /// Runs before routing: forwarded headers (only when trusted), so every limit counts the real client address, then
    /// the <see cref="OAuthRequestGuard"/>.
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

                app.UseMiddleware<OAuthRequestGuard>();
            }

            next(app);
        };
    }
}
