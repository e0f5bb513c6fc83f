using System.Net;
using System.Text;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// The per-address limits hold for the endpoint routing reaches, whatever the path's spelling, each endpoint in its
/// own window; and checks of API keys against dryAPI are limited per client address and per server.
/// </summary>
public sealed class OAuthLimitTests
{
    [Theory]
    [InlineData("/token")]
    [InlineData("/register")]
    [InlineData("/authorize")]
    public async Task Every_spelling_of_an_endpoints_path_counts_against_its_one_window(string path)
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:RequestsPerMinute"] = "4" });
        using var browser = new OAuthBrowser(host);
        string[] spellings = [path, path + "/", path.ToUpperInvariant() + "/", path + "/."];

        foreach (var spelling in spellings)
        {
            using var answered = await PostAsync(browser, spelling);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, answered.StatusCode);
            Assert.NotEqual(HttpStatusCode.NotFound, answered.StatusCode);
        }

        foreach (var spelling in spellings)
        {
            using var refused = await PostAsync(browser, spelling);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            Assert.Contains("Auth:RequestsPerMinute", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Each_endpoint_has_its_own_window()
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:RequestsPerMinute"] = "1" });
        using var browser = new OAuthBrowser(host);

        foreach (var path in new[] { "/token", "/register", "/authorize" })
        {
            using var first = await PostAsync(browser, path);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        }

        using var second = await PostAsync(browser, "/token");
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public async Task An_ipv6_client_counts_by_its_64_prefix()
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:RequestsPerMinute"] = "1",
            ["Auth:TrustForwardedHeaders"] = "true",
        });
        using var browser = new OAuthBrowser(host);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, await TokenStatusFromAsync(browser, "2001:db8:1:1::1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TokenStatusFromAsync(browser, "2001:db8:1:1::2"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await TokenStatusFromAsync(browser, "2001:db8:1:2::1"));
    }

    [Fact]
    public async Task The_key_page_checks_only_so_many_keys_per_address_then_answers_429()
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:KeyChecksPerMinutePerAddress"] = "3" });
        using var browser = new OAuthBrowser(host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (_, challenge) = OAuthBrowser.NewPkce();
        using var page = await browser.GetAuthorizeAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge));
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var fields = OAuthBrowser.HiddenFields(html);
            fields["api_key"] = $"99|guess-{attempt}";
            using var rejected = await browser.SubmitAsync(fields);
            html = await rejected.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        }

        var last = OAuthBrowser.HiddenFields(html);
        last["api_key"] = OAuthHost.ApiKey;
        using var limited = await browser.SubmitAsync(last);
        var limitedHtml = await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Null(limited.Headers.Location);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.Contains("role=\"alert\"", limitedHtml, StringComparison.Ordinal);
        Assert.Contains("Auth:KeyChecksPerMinutePerAddress", limitedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_raw_bearers_at_mcp_are_limited_per_address_but_a_cached_good_key_is_not()
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:KeyChecksPerMinutePerAddress"] = "2" });
        using var browser = new OAuthBrowser(host);

        Assert.Equal(HttpStatusCode.OK, (await browser.PostMcpAsync(OAuthHost.ApiKey, "tools/list")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostMcpAsync("99|unknown-1", "tools/list")).Status);
        var limited = await browser.PostMcpAsync("99|unknown-2", "tools/list");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.NotNull(limited.RetryAfter);
        Assert.Contains("Auth:KeyChecksPerMinutePerAddress", limited.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("99|unknown-2", limited.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostMcpAsync(OAuthHost.ApiKey, "tools/list")).Status);
    }

    [Fact]
    public async Task Key_checks_are_limited_for_the_whole_server_across_addresses()
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:KeyChecksPerMinute"] = "2",
            ["Auth:TrustForwardedHeaders"] = "true",
        });
        using var browser = new OAuthBrowser(host);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostMcpFromAsync(browser, "203.0.113.1", "99|unknown-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostMcpFromAsync(browser, "203.0.113.2", "99|unknown-2")).StatusCode);
        using var limited = await PostMcpFromAsync(browser, "203.0.113.3", "99|unknown-3");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Auth:KeyChecksPerMinute)", await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var secretCheck = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "dryapi-mcp",
            ["client_secret"] = "99|unknown-4",
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, secretCheck.Status);
        Assert.NotNull(secretCheck.Headers.RetryAfter?.Delta);
    }

    /// <summary>An empty form POST to <paramref name="path"/>, sent exactly as spelled (no dot-segment removal).</summary>
    private static Task<HttpResponseMessage> PostAsync(OAuthBrowser browser, string path)
    {
        var target = new Uri(browser.Http.BaseAddress!.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        return browser.Http.PostAsync(target, new FormUrlEncodedContent(new Dictionary<string, string>()), TestContext.Current.CancellationToken);
    }

    private static async Task<HttpStatusCode> TokenStatusFromAsync(OAuthBrowser browser, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string>()) };
        request.Headers.Add("X-Forwarded-For", address);
        using var response = await browser.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> PostMcpFromAsync(OAuthBrowser browser, string address, string bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        request.Headers.Add("X-Forwarded-For", address);
        request.Headers.Authorization = new("Bearer", bearer);
        return browser.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
