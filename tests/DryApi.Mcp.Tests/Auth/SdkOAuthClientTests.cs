using System.Collections.Concurrent;
using System.Net;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// The C# SDK's own OAuth client (<see cref="ClientOAuthOptions"/>) against the server: discovery from the 401,
/// registration, the authorize page (posted by the test as the user would), the token exchange, tool calls, and a
/// refresh when the access token has expired. (The SDK accepts only an https metadata document URL, so its CIMD path
/// is covered by the hand-driven <see cref="ClientMetadataDocumentTests"/> instead.)
/// </summary>
public sealed class SdkOAuthClientTests(OAuthHostFixture fixture) : IClassFixture<OAuthHostFixture>
{
    private static readonly Uri LoopbackCallback = new("http://127.0.0.1:8976/callback");

    private OAuthHost Host => fixture.Host;

    [Fact]
    public async Task The_sdk_registers_posts_the_key_page_calls_tools_and_refreshes()
    {
        var user = new UserAtTheBrowser(Host, page => page.Fields["api_key"] = OAuthHost.ApiKey);
        await using var client = await ConnectAsync(new ClientOAuthOptions
        {
            RedirectUri = LoopbackCallback,
            DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "SDK test client" },
            AuthorizationCallbackHandler = user.AuthorizeAsync,
        }, user.TokenRequests);

        await AssertToolsWorkAsync(client, "1000");
        Assert.Equal(1, user.Visits);
        Assert.Contains(user.TokenRequests, request => request.Contains("grant_type=authorization_code", StringComparison.Ordinal));

        Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await AssertToolsWorkAsync(client, "1000");
        Assert.Equal(1, user.Visits);
        Assert.Contains(user.TokenRequests, request => request.Contains("grant_type=refresh_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sdk_uses_the_preregistered_client_with_the_key_as_its_secret()
    {
        var user = new UserAtTheBrowser(Host, page => page.Fields["decision"] = "approve");
        await using var client = await ConnectAsync(new ClientOAuthOptions
        {
            RedirectUri = LoopbackCallback,
            ClientId = "dryapi-mcp",
            ClientSecret = OAuthHost.OtherApiKey,
            AuthorizationCallbackHandler = user.AuthorizeAsync,
        }, user.TokenRequests);

        await AssertToolsWorkAsync(client, "5");
        Assert.Equal(1, user.Visits);
        Assert.Contains(user.TokenRequests, request => request.Contains("client_secret=", StringComparison.Ordinal) || request.EndsWith(" basic", StringComparison.Ordinal));

        Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await AssertToolsWorkAsync(client, "5");
        Assert.Contains(user.TokenRequests, request => request.Contains("grant_type=refresh_token", StringComparison.Ordinal));
    }

    private async Task<McpClient> ConnectAsync(ClientOAuthOptions oauth, ConcurrentQueue<string> tokenRequests)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(Host.Resource), TransportMode = HttpTransportMode.StreamableHttp, OAuth = oauth },
            new HttpClient(new TokenRequestRecorder(tokenRequests)),
            loggerFactory: null,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static async Task AssertToolsWorkAsync(McpClient client, string balance)
    {
        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(tools, tool => tool.Name == "get_balance");
        var result = await client.CallToolAsync("get_balance", cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEqual(true, result.IsError);
        Assert.Contains(result.Content.OfType<TextContentBlock>(), block => block.Text == $"Balance: {balance} USD.");
    }

    /// <summary>What the user does in the browser: open the authorize URL, fill in the page, submit, hand back the redirect.</summary>
    private sealed class UserAtTheBrowser(OAuthHost host, Action<(Dictionary<string, string> Fields, string Html)> fill)
    {
        private int visits;

        public int Visits => visits;

        /// <summary>The SDK's token requests: the form body, and <c>basic</c> when it authenticated with a Basic header.</summary>
        public ConcurrentQueue<string> TokenRequests { get; } = new();

        public async Task<AuthorizationResult?> AuthorizeAsync(AuthorizationCallbackContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref visits);
            using var browser = new OAuthBrowser(host);
            using var page = await browser.Http.GetAsync(context.AuthorizationUri, cancellationToken);
            var html = await page.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(page.StatusCode == HttpStatusCode.OK, html);
            var fields = OAuthBrowser.HiddenFields(html);
            fill((fields, html));
            using var submitted = await browser.SubmitAsync(fields);
            Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
            var location = submitted.Headers.Location!;
            Assert.StartsWith(context.RedirectUri.GetLeftPart(UriPartial.Path), location.ToString(), StringComparison.Ordinal);
            var query = OAuthBrowser.QueryOf(location);
            return new AuthorizationResult { Code = query["code"], State = query["state"], Iss = query["iss"] };
        }
    }

    /// <summary>Records the form of every request the SDK sends to <c>/token</c>.</summary>
    private sealed class TokenRequestRecorder(ConcurrentQueue<string> tokenRequests) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath == "/token" && request.Content is not null)
            {
                var basic = request.Headers.Authorization?.Scheme == "Basic" ? " basic" : "";
                tokenRequests.Enqueue(await request.Content.ReadAsStringAsync(cancellationToken) + basic);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
