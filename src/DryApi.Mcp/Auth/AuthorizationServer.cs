using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DryApi.Mcp.Auth;

/// <summary>
/// OpenIddict's authorization server in degraded mode (no database: clients, codes and tokens carry everything) and
/// its validation for <c>/mcp</c>. Our handlers (<see cref="AuthorizationServerHandlers"/>) add what OpenIddict has no
/// feature for: DCR and metadata-document clients, redirect-URI rules, the key page, key checks, single use.
/// </summary>
internal static class AuthorizationServer
{
    /// <summary>The claim that carries the user's dryAPI key inside the encrypted code, refresh and access tokens.</summary>
    public const string ApiKeyClaim = "dk";

    /// <summary>Every user is "the holder of this key"; the key itself never becomes a visible subject.</summary>
    public const string Subject = "dryapi";

    public static void AddAuthorizationServer(this IServiceCollection services)
    {
        services.AddOpenIddict()
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(OAuthUrls.AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris(OAuthUrls.TokenPath.TrimStart('/'))
                    .SetConfigurationEndpointUris(OAuthUrls.AuthorizationServerMetadataPath.TrimStart('/'), OAuthUrls.OpenIdConfigurationPath.TrimStart('/'))
                    .AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow()
                    .RequireProofKeyForCodeExchange()
                    .EnableDegradedMode() // no database; this also turns off token and authorization storage and permission checks
                    .DisableScopeValidation()
                    .DisableResourceValidation();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableErrorPassthrough()
                    .DisableTransportSecurityRequirement(); // Auth:PublicBaseUrl decides; a TLS-terminating proxy is common
                AuthorizationServerHandlers.Register(server);
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });
        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<OAuthOptions>, OAuthUrls, TimeProvider>(ConfigureServer);
        services.AddOptions<OpenIddictValidationOptions>().Configure<OAuthUrls, TimeProvider>((validation, urls, timeProvider) =>
        {
            validation.Audiences.Add(urls.Resource);
            validation.TimeProvider = timeProvider;
        });

        // ASP.NET authentication registers Data Protection, which would write a key ring to disk at start; nothing here uses it.
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new InMemoryKeyRing());
        // OpenIddict logs every request at Information; Warning by default, first in the list so that a
        // Logging:LogLevel:OpenIddict setting (a later rule of the same reach) still wins.
        services.Configure<LoggerFilterOptions>(options => options.Rules.Insert(0, new LoggerFilterRule(null, "OpenIddict", LogLevel.Warning, null)));
    }

    /// <summary>The dryAPI key in the request's bearer when OpenIddict's validation accepts it as our access token; else null.</summary>
    public static async Task<string?> ApiKeyOfAccessTokenAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        return result.Succeeded ? result.Principal.FindFirst(ApiKeyClaim)?.Value : null;
    }

    /// <summary>
    /// Lifetimes, S256 only, the client authentication methods we support (secret methods first: the C# SDK uses the
    /// first listed for a pre-registered client), and keys derived from <c>Auth:SealingKeys</c> (the first signs and
    /// encrypts, all validate), so every replica agrees and nothing is generated per process. No JWKS is served.
    /// </summary>
    private static void ConfigureServer(OpenIddictServerOptions server, IOptions<OAuthOptions> options, OAuthUrls urls, TimeProvider timeProvider)
    {
        var settings = options.Value;
        server.Issuer = new Uri(urls.Issuer);
        server.TimeProvider = timeProvider;
        server.AuthorizationCodeLifetime = settings.AuthorizationCodeLifetime;
        server.AccessTokenLifetime = settings.AccessTokenLifetime;
        server.RefreshTokenLifetime = settings.RefreshTokenLifetime;
        server.CodeChallengeMethods.Clear();
        server.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
        server.ClientAuthenticationMethods.Clear();
        server.ClientAuthenticationMethods.UnionWith(
            [ClientAuthenticationMethods.ClientSecretPost, ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.None]);
        foreach (var key in DerivedKeys(settings))
        {
            server.SigningCredentials.Add(new SigningCredentials(key.Signing, SecurityAlgorithms.HmacSha256));
            server.EncryptionCredentials.Add(new EncryptingCredentials(key.Encryption, JwtConstants.DirectKeyUseAlg, SecurityAlgorithms.Aes256CbcHmacSha512));
            // OpenIddict refuses to start an authorization endpoint without an asymmetric key (for ID tokens, which
            // this server never issues). Derived too, so no replica generates one; OpenIddict prefers the symmetric key.
            server.SigningCredentials.Add(new SigningCredentials(key.Asymmetric, SecurityAlgorithms.EcdsaSha256));
        }
    }

    // Info strings differ from TokenSealer's, so a token sealed by the previous version never decrypts here.
    private static IEnumerable<(SymmetricSecurityKey Signing, SymmetricSecurityKey Encryption, ECDsaSecurityKey Asymmetric)> DerivedKeys(OAuthOptions settings) =>
        TokenSealer.UsableKeys(settings).Select(key => (
            new SymmetricSecurityKey(TokenSealer.Derive(key.Secret, "dryapi-mcp openiddict sign", 32)) { KeyId = key.Id },
            new SymmetricSecurityKey(TokenSealer.Derive(key.Secret, "dryapi-mcp openiddict encrypt", 64)) { KeyId = key.Id },
            new ECDsaSecurityKey(ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = TokenSealer.Derive(key.Secret, "dryapi-mcp openiddict ecdsa", 32) }))
            {
                KeyId = key.Id + "-es256",
            }));

    /// <summary>Data Protection's key ring kept in memory: this server protects nothing with it, and writes nothing to disk.</summary>
    private sealed class InMemoryKeyRing : IXmlRepository
    {
        private readonly ConcurrentQueue<XElement> elements = new();

        public IReadOnlyCollection<XElement> GetAllElements() => [.. elements];

        public void StoreElement(XElement element, string friendlyName) => elements.Enqueue(element);
    }
}
