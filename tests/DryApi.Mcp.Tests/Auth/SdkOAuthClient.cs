using System.Collections.Concurrent;
using System.Net;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>Connects the C# SDK's MCP client, with its OAuth client, to an <see cref="OAuthHost"/>.</summary>
internal static class SdkOAuthClient
{
    /// <summary>The loopback redirect URI the SDK tests use, as a native app would.</summary>
    public static readonly Uri Callback = new("http://127.0.0.1:8976/callback");

    public static async Task<McpClient> ConnectAsync(OAuthHost host, ClientOAuthOptions oauth, ConcurrentQueue<string> tokenRequests)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(host.Resource), TransportMode = HttpTransportMode.StreamableHttp, OAuth = oauth },
            new HttpClient(new TokenRequestRecorder(tokenRequests)),
            loggerFactory: null,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
    }

    public static async Task AssertToolsWorkAsync(McpClient client, string balance)
    {
        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(tools, tool => tool.Name == "get_balance");
        var result = await client.CallToolAsync("get_balance", cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEqual(true, result.IsError);
        Assert.Contains(result.Content.OfType<TextContentBlock>(), block => block.Text == $"Balance: {balance} USD.");
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

/// <summary>What the user does in the browser: open the authorize URL, fill in the page, submit, hand back the redirect.</summary>
internal sealed class UserAtTheBrowser(OAuthHost host, Action<(Dictionary<string, string> Fields, string Html)> fill)
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
