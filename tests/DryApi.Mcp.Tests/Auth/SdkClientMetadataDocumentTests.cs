using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using DryApi.Mcp.Auth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Authentication;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// The C# SDK's OAuth client identifying itself by a Client ID Metadata Document (its
/// <see cref="ClientOAuthOptions.ClientMetadataDocumentUri"/>, which must be https). The documents are served over
/// https by a local host with a certificate made for the run; the server's metadata HTTP client trusts exactly that
/// certificate, and its SSRF guard stays in place with loopback allowed by <c>Auth:ClientMetadataAllowedNetworks</c>.
/// </summary>
public sealed class SdkClientMetadataDocumentTests(SdkClientMetadataDocumentTests.Hosts hosts) : IClassFixture<SdkClientMetadataDocumentTests.Hosts>
{
    [Fact]
    public async Task The_sdk_uses_its_https_metadata_document_as_client_id_posts_the_key_page_and_calls_tools()
    {
        var pages = new ConcurrentQueue<string>();
        var user = new UserAtTheBrowser(hosts.Server, page =>
        {
            pages.Enqueue(page.Html);
            page.Fields["api_key"] = OAuthHost.ApiKey;
        });
        await using var client = await SdkOAuthClient.ConnectAsync(hosts.Server, new ClientOAuthOptions
        {
            RedirectUri = SdkOAuthClient.Callback,
            ClientMetadataDocumentUri = new Uri(hosts.Metadata.NativeClientId),
            AuthorizationCallbackHandler = user.AuthorizeAsync,
        }, user.TokenRequests);

        await SdkOAuthClient.AssertToolsWorkAsync(client, "1000");
        Assert.Contains("Metadata Client", Assert.Single(pages), StringComparison.Ordinal);
        var exchange = QueryHelpers.ParseQuery(Assert.Single(user.TokenRequests));
        Assert.Equal("authorization_code", exchange["grant_type"].ToString());
        Assert.Equal(hosts.Metadata.NativeClientId, exchange["client_id"].ToString());
    }

    [Fact]
    public async Task The_sdk_is_refused_when_its_metadata_document_does_not_list_its_redirect_uri()
    {
        var tokenRequests = new ConcurrentQueue<string>();
        var pages = new ConcurrentQueue<(HttpStatusCode Status, Uri? Location, string Html)>();
        var options = new ClientOAuthOptions
        {
            RedirectUri = SdkOAuthClient.Callback,
            ClientMetadataDocumentUri = new Uri(hosts.Metadata.ClientId),
            AuthorizationCallbackHandler = async (context, cancellationToken) =>
            {
                using var browser = new OAuthBrowser(hosts.Server);
                using var page = await browser.Http.GetAsync(context.AuthorizationUri, cancellationToken);
                pages.Enqueue((page.StatusCode, page.Headers.Location, await page.Content.ReadAsStringAsync(cancellationToken)));
                return null;
            },
        };

        await Assert.ThrowsAnyAsync<McpException>(() => SdkOAuthClient.ConnectAsync(hosts.Server, options, tokenRequests));

        var (status, location, html) = Assert.Single(pages);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Null(location);
        Assert.Contains("not registered for this application", html, StringComparison.Ordinal);
        Assert.Empty(tokenRequests);
    }

    public sealed class Hosts : IAsyncLifetime
    {
        private readonly X509Certificate2 certificate = LoopbackCertificate.Create();

        public OAuthHost Server { get; private set; } = null!;

        public ClientMetadataHost Metadata { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Metadata = await ClientMetadataHost.StartAsync(certificate);
            Server = await OAuthHost.StartAsync(
                new Dictionary<string, string?> { ["Auth:ClientMetadataAllowedNetworks:0"] = "127.0.0.0/8" },
                services => services.AddHttpClient(ClientMetadataDocuments.HttpClientName).ConfigurePrimaryHttpMessageHandler((handler, _) =>
                    ((SocketsHttpHandler)handler).SslOptions.RemoteCertificateValidationCallback = LoopbackCertificate.TrustOnly(certificate)));
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Metadata.DisposeAsync();
            certificate.Dispose();
        }
    }
}
