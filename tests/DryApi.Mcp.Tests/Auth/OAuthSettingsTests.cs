using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Mcp.Auth;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>Start-up validation, the switch that keeps OAuth off by default, and the per-address rate limits.</summary>
public sealed class OAuthSettingsTests
{
    private static readonly string GoodSecret = Convert.ToBase64String(new byte[32].Select((_, index) => (byte)(index * 7 + 1)).ToArray());

    [Theory]
    [InlineData(null, "Auth:PublicBaseUrl is required")]
    [InlineData("http://mcp.example.com", "must use https")]
    [InlineData("https://mcp.example.com/base", "must be an origin only")]
    [InlineData("https://0.0.0.0", "unspecified address")]
    [InlineData("mcp.example.com", "not an absolute http(s) URL")]
    public void A_bad_public_base_url_is_named_with_its_fix(string? url, string message)
    {
        var result = Validate(new OAuthOptions { Enabled = true, PublicBaseUrl = url, SealingKeys = [new SealingKey { Id = "k1", Secret = GoodSecret }] });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures, failure => failure.Contains(message, StringComparison.Ordinal) && failure.Contains("Auth:PublicBaseUrl", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "c2hvcnQ=", "Auth:SealingKeys:0:Id")]
    [InlineData("k1", "c2hvcnQ=", "Auth:SealingKeys:0:Secret must be at least 32 random bytes")]
    [InlineData("k1", "not base64!", "Auth:SealingKeys:0:Secret must be at least 32 random bytes")]
    public void A_bad_sealing_key_is_named_with_its_fix(string id, string secret, string message)
    {
        var result = Validate(new OAuthOptions { Enabled = true, PublicBaseUrl = "https://mcp.example.com", SealingKeys = [new SealingKey { Id = id, Secret = secret }] });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures, failure => failure.Contains(message, StringComparison.Ordinal) && failure.Contains("openssl rand -base64 32", StringComparison.Ordinal));
    }

    [Fact]
    public void Good_settings_and_disabled_settings_pass()
    {
        Assert.True(Validate(new OAuthOptions()).Succeeded);
        Assert.True(Validate(new OAuthOptions { Enabled = true, PublicBaseUrl = "http://127.0.0.1:5100", SealingKeys = [new SealingKey { Id = "k1", Secret = GoodSecret }] }).Succeeded);
        Assert.True(Validate(new OAuthOptions { Enabled = true, PublicBaseUrl = "https://mcp.example.com/", SealingKeys = [new SealingKey { Id = "k1", Secret = GoodSecret }] }).Succeeded);
        Assert.True(Validate(new OAuthOptions { Enabled = true, PublicBaseUrl = "https://mcp.example.com", SealingKeys = [] }).Failed);
    }

    [Fact]
    public async Task The_host_refuses_to_start_with_oauth_on_and_no_public_url()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:PublicBaseUrl"] = "" }));

        Assert.Contains("Auth:PublicBaseUrl is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_oauth_off_nothing_is_advertised_and_any_bearer_goes_to_dryapi()
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:Enabled"] = "false" });
        using var browser = new OAuthBrowser(host);

        using var metadata = await browser.Http.GetAsync("/.well-known/oauth-authorization-server", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, metadata.StatusCode);
        var missing = await browser.PostMcpAsync(bearer: null, "tools/list");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal(
            "Bearer realm=\"dryapi-mcp\", error=\"invalid_request\", error_description=\"No API key was sent. Set the Authorization header to the word Bearer, a space and your dryAPI API key\"",
            missing.WwwAuthenticate);
        Assert.Contains("No API key was sent", missing.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostMcpAsync("99|not-checked-here", "tools/list")).Status);
    }

    [Fact]
    public async Task With_oauth_off_a_client_that_tries_to_register_is_told_to_send_the_key()
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:Enabled"] = "false" });
        using var browser = new OAuthBrowser(host);

        // What Claude Code and mcp-remote send after the 401 when discovery finds no authorization server.
        using var registration = await browser.Http.PostAsync("/register",
            new StringContent("""{"client_name":"Claude Code","redirect_uris":["http://localhost:3118/callback"]}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, registration.StatusCode);
        var error = JsonNode.Parse(await registration.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("invalid_request", error["error"]?.GetValue<string>());
        Assert.StartsWith("This server has no OAuth sign-in. Set the Authorization header to the word Bearer, a space and your dryAPI API key",
            error["error_description"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_authorization_endpoints_are_rate_limited_per_client_address()
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:RequestsPerMinute"] = "2" });
        using var browser = new OAuthBrowser(host);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfTokenRequestAsync(browser, forwardedFor: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfTokenRequestAsync(browser, forwardedFor: "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOfTokenRequestAsync(browser, forwardedFor: "203.0.113.8"));
        using var discovery = await browser.Http.GetAsync("/.well-known/oauth-authorization-server", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
    }

    [Fact]
    public async Task Trusted_forwarded_headers_give_each_client_address_its_own_limit()
    {
        await using var host = await OAuthHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:RequestsPerMinute"] = "1",
            ["Auth:TrustForwardedHeaders"] = "true",
        });
        using var browser = new OAuthBrowser(host);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfTokenRequestAsync(browser, forwardedFor: "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusOfTokenRequestAsync(browser, forwardedFor: "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfTokenRequestAsync(browser, forwardedFor: "203.0.113.8"));
    }

    private static async Task<HttpStatusCode> StatusOfTokenRequestAsync(OAuthBrowser browser, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "dryapi-mcp" }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await browser.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static ValidateOptionsResult Validate(OAuthOptions options) => new OAuthOptionsValidation().Validate(null, options);
}
