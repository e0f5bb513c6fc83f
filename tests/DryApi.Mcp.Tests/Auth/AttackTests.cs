using System.Net;
using DryApi.Mcp.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>Every attack here must be refused: no code, no token, no tool call, no redirect to an unverified URI.</summary>
public sealed class AttackTests(OAuthHostFixture fixture) : IClassFixture<OAuthHostFixture>
{
    private OAuthHost Host => fixture.Host;

    [Theory]
    [InlineData(null, null, "invalid_request")]
    [InlineData("plain", "same-as-verifier", "invalid_request")]
    [InlineData("S256", "too-short", "invalid_request")]
    public async Task Authorization_without_S256_PKCE_is_sent_back_with_an_error_and_no_page(string? method, string? challenge, string error)
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var parameters = browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge ?? "");
        parameters["code_challenge"] = challenge;
        parameters["code_challenge_method"] = method;

        using var response = await browser.GetAuthorizeAsync(parameters);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var redirect = OAuthBrowser.QueryOf(response.Headers.Location!);
        Assert.Equal(error, redirect["error"]);
        Assert.Equal("state-123", redirect["state"]);
        Assert.Equal(Host.Issuer, redirect["iss"]);
        Assert.False(redirect.ContainsKey("code"));
    }

    [Fact]
    public async Task Authorization_with_a_foreign_resource_is_refused()
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (_, challenge) = OAuthBrowser.NewPkce();

        var foreign = browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge);
        foreign["resource"] = "https://other.example/mcp";
        using var foreignResource = await browser.GetAuthorizeAsync(foreign);
        Assert.Equal("invalid_target", OAuthBrowser.QueryOf(foreignResource.Headers.Location!)["error"]);
    }

    [Fact]
    public async Task A_wrong_verifier_is_invalid_grant()
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (_, challenge) = OAuthBrowser.NewPkce();
        var (otherVerifier, _) = OAuthBrowser.NewPkce();
        var redirect = await browser.AuthorizeWithKeyAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge), OAuthHost.ApiKey);

        var answer = await browser.TokenAsync(CodeRedemption(clientId, redirect["code"], otherVerifier));

        AssertInvalidGrant(answer);
    }

    [Theory]
    [InlineData("not-a-code")]
    [InlineData("a.b.c.d.e")]
    [InlineData("")]
    public async Task A_garbage_code_is_invalid_grant_or_invalid_request(string code)
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, _) = OAuthBrowser.NewPkce();

        var answer = await browser.TokenAsync(CodeRedemption(clientId, code, verifier));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(code.Length == 0 ? "invalid_request" : "invalid_grant", answer.Error);
    }

    [Fact]
    public async Task An_oversized_token_request_is_refused_unread()
    {
        using var browser = new OAuthBrowser(Host);
        using var response = await browser.Http.PostAsync("/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["padding"] = new string('x', 100_000) }),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/token")]
    [InlineData("/authorize")]
    public async Task A_multipart_form_is_refused_unread(string path)
    {
        using var browser = new OAuthBrowser(Host);
        using var form = new MultipartFormDataContent { { new StringContent("client_credentials"), "grant_type" }, { new ByteArrayContent(new byte[40_000]), "file", "upload.bin" } };
        using var response = await browser.Http.PostAsync(path, form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("application/x-www-form-urlencoded", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_redeemed_by_another_client_is_invalid_grant()
    {
        using var browser = new OAuthBrowser(Host);
        var victim = await browser.RegisterAsync(OAuthBrowser.Callback);
        var attacker = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var redirect = await browser.AuthorizeWithKeyAsync(browser.AuthorizeParameters(victim, OAuthBrowser.Callback, challenge), OAuthHost.ApiKey);

        AssertInvalidGrant(await browser.TokenAsync(CodeRedemption(attacker, redirect["code"], verifier)));
        var asPreregistered = CodeRedemption("dryapi-mcp", redirect["code"], verifier);
        asPreregistered["client_secret"] = OAuthHost.OtherApiKey;
        AssertInvalidGrant(await browser.TokenAsync(asPreregistered));
    }

    [Fact]
    public async Task An_expired_code_is_invalid_grant()
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var redirect = await browser.AuthorizeWithKeyAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge), OAuthHost.ApiKey);

        Host.Clock.Advance(TimeSpan.FromSeconds(61));

        AssertInvalidGrant(await browser.TokenAsync(CodeRedemption(clientId, redirect["code"], verifier)));
    }

    [Fact]
    public async Task A_code_redeemed_with_another_redirect_uri_is_invalid_grant()
    {
        using var browser = new OAuthBrowser(Host);
        const string Second = "https://client.example/oauth/second";
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback, Second);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var redirect = await browser.AuthorizeWithKeyAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge), OAuthHost.ApiKey);
        var form = CodeRedemption(clientId, redirect["code"], verifier);
        form["redirect_uri"] = Second;

        AssertInvalidGrant(await browser.TokenAsync(form));
    }

    [Theory]
    [InlineData("https://client.example/oauth/other")]
    [InlineData("https://evil.example/oauth/callback")]
    [InlineData("https://client.example@evil.example/oauth/callback")]
    [InlineData("https://client.example/oauth/callback#@evil.example")]
    [InlineData("https://client.example/oauth/callback/../../evil")]
    [InlineData("http://client.example/oauth/callback")]
    [InlineData("javascript:alert(1)")]
    public async Task A_redirect_uri_the_registered_client_did_not_register_gets_an_error_page_not_a_redirect(string redirectUri)
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (_, challenge) = OAuthBrowser.NewPkce();

        await AssertErrorPageAsync(browser, browser.AuthorizeParameters(clientId, redirectUri, challenge));
    }

    [Theory]
    [InlineData("https://evil.example/api/mcp/auth_callback")]
    [InlineData("https://claude.ai@evil.example/api/mcp/auth_callback")]
    [InlineData("https://claude.ai/api/mcp/auth_callback#@evil.example")]
    [InlineData("https://claude.ai/api/mcp/auth_callback/extra")]
    [InlineData("https://claude.ai.evil.example/api/mcp/auth_callback")]
    [InlineData("https://chatgpt.com/connector/oauth/../../evil")]
    [InlineData("https://chatgpt.com/connector/oauth/%2e%2e/evil")]
    [InlineData("https://chatgpt.com/connector/oauthx")]
    [InlineData("http://claude.ai/api/mcp/auth_callback")]
    public async Task A_redirect_uri_outside_the_allow_list_gets_an_error_page_for_the_preregistered_client(string redirectUri)
    {
        using var browser = new OAuthBrowser(Host);
        var (_, challenge) = OAuthBrowser.NewPkce();

        await AssertErrorPageAsync(browser, browser.AuthorizeParameters("dryapi-mcp", redirectUri, challenge));
    }

    [Theory]
    [InlineData("https://chatgpt.com/connector/oauth/abc123")]
    [InlineData("https://chatgpt.com/connector_platform_oauth_redirect")]
    [InlineData("http://127.0.0.1:6274/oauth/callback")]
    [InlineData("http://localhost:33418/")]
    public async Task The_allow_list_admits_the_documented_callbacks(string redirectUri)
    {
        using var browser = new OAuthBrowser(Host);
        var (_, challenge) = OAuthBrowser.NewPkce();

        using var page = await browser.GetAuthorizeAsync(browser.AuthorizeParameters("dryapi-mcp", redirectUri, challenge));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task An_unknown_or_forged_client_gets_an_error_page_and_invalid_client()
    {
        using var browser = new OAuthBrowser(Host);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        await AssertErrorPageAsync(browser, browser.AuthorizeParameters("made-up-client", OAuthBrowser.Callback, challenge));

        var answer = await browser.TokenAsync(CodeRedemption("made-up-client", "x.y.z.w.v", verifier));
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_client", answer.Error);
    }

    [Theory]
    [InlineData("ftp://client.example/callback")]
    [InlineData("http://client.example/callback")]
    [InlineData("https://client.example/callback#fragment")]
    [InlineData("https://user@client.example/callback")]
    [InlineData("not a uri")]
    public async Task Registration_refuses_a_redirect_uri_that_is_neither_https_nor_loopback(string redirectUri)
    {
        using var browser = new OAuthBrowser(Host);
        using var response = await browser.Http.PostAsync("/register",
            new StringContent($$"""{"redirect_uris":["{{redirectUri}}"]}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_redirect_uri", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_without_the_pages_cookie_or_for_other_parameters_is_refused()
    {
        var clientId = "";
        var fields = new Dictionary<string, string>();
        using (var first = new OAuthBrowser(Host))
        {
            clientId = await first.RegisterAsync(OAuthBrowser.Callback);
            var (_, challenge) = OAuthBrowser.NewPkce();
            using var page = await first.GetAuthorizeAsync(first.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge));
            fields = OAuthBrowser.HiddenFields(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            fields["api_key"] = OAuthHost.ApiKey;

            var altered = new Dictionary<string, string>(fields) { ["state"] = "attacker-state" };
            using var alteredResponse = await first.SubmitAsync(altered);
            Assert.Equal(HttpStatusCode.BadRequest, alteredResponse.StatusCode);
            Assert.Null(alteredResponse.Headers.Location);
        }

        using var other = new OAuthBrowser(Host);
        using var withoutCookie = await other.SubmitAsync(fields);
        Assert.Equal(HttpStatusCode.BadRequest, withoutCookie.StatusCode);
        Assert.Null(withoutCookie.Headers.Location);
    }

    [Fact]
    public async Task A_tampered_access_token_is_challenged()
    {
        using var browser = new OAuthBrowser(Host);
        var (_, tokens) = await browser.ConnectWithRegistrationAsync();
        var parts = tokens.AccessToken.Split('.');
        var ciphertext = parts[3].ToCharArray();
        ciphertext[ciphertext.Length / 2] = ciphertext[ciphertext.Length / 2] == 'A' ? 'B' : 'A';
        parts[3] = new string(ciphertext);

        await AssertChallengedAsync(browser, string.Join('.', parts));
    }

    [Fact]
    public async Task A_token_sealed_with_an_unknown_key_is_challenged()
    {
        using var browser = new OAuthBrowser(Host);
        await AssertChallengedAsync(browser, ForgedAccessToken.Mint(Host, Convert.ToBase64String(new byte[32]), Host.Resource));
    }

    [Fact]
    public async Task A_token_for_another_audience_or_purpose_is_challenged()
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var redirect = await browser.AuthorizeWithKeyAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge), OAuthHost.ApiKey);
        var tokens = await browser.TokenAsync(CodeRedemption(clientId, redirect["code"], verifier));

        await AssertChallengedAsync(browser, ForgedAccessToken.Mint(Host, Host.SealingSecret, "https://other.example/mcp"));
        await AssertChallengedAsync(browser, tokens.RefreshToken);
        await AssertChallengedAsync(browser, redirect["code"]);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostMcpAsync(ForgedAccessToken.Mint(Host, Host.SealingSecret, Host.Resource), "tools/list")).Status);
    }

    [Fact]
    public async Task A_token_minted_by_the_previous_version_is_refused_with_a_clear_401()
    {
        // The previous version sealed its tokens itself (TokenSealer: { apiKey } for "access", { apiKey, clientId } for "refresh").
        var previous = Host.Services.GetRequiredService<TokenSealer>().Seal(new { ApiKey = OAuthHost.ApiKey }, "access", Host.Resource, TimeSpan.FromHours(1));
        using var browser = new OAuthBrowser(Host);

        await AssertChallengedAsync(browser, previous);
        var answer = await browser.PostMcpAsync(previous, "tools/list");
        Assert.Contains("Sign in again", answer.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Contains("Sign in again", answer.Body, StringComparison.Ordinal);

        var previousRefresh = Host.Services.GetRequiredService<TokenSealer>()
            .Seal(new { ApiKey = OAuthHost.ApiKey, ClientId = "dryapi-mcp" }, "refresh", Host.Resource, TimeSpan.FromDays(30));
        AssertInvalidGrant(await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = previousRefresh,
            ["client_id"] = "dryapi-mcp",
            ["client_secret"] = OAuthHost.ApiKey,
        }));
    }

    [Fact]
    public async Task An_expired_access_token_is_challenged()
    {
        using var browser = new OAuthBrowser(Host);
        var (_, tokens) = await browser.ConnectWithRegistrationAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.PostMcpAsync(tokens.AccessToken, "tools/list")).Status);

        Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await AssertChallengedAsync(browser, tokens.AccessToken);
    }

    [Fact]
    public async Task A_refresh_token_used_by_another_client_is_invalid_grant()
    {
        using var browser = new OAuthBrowser(Host);
        var (_, tokens) = await browser.ConnectWithRegistrationAsync();
        var other = await browser.RegisterAsync(OAuthBrowser.Callback);

        AssertInvalidGrant(await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken,
            ["client_id"] = other,
        }));
        AssertInvalidGrant(await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.AccessToken,
            ["client_id"] = other,
        }));
    }

    [Fact]
    public async Task A_refresh_token_of_one_user_is_refused_to_the_preregistered_client_with_another_key()
    {
        using var browser = new OAuthBrowser(Host);
        const string Callback = "https://claude.ai/api/mcp/auth_callback";
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var redirect = await browser.ConsentAsync(browser.AuthorizeParameters("dryapi-mcp", Callback, challenge), "approve");
        var granted = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = "dryapi-mcp",
            ["client_secret"] = OAuthHost.ApiKey,
        });
        Assert.Equal(HttpStatusCode.OK, granted.Status);

        AssertInvalidGrant(await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = granted.RefreshToken,
            ["client_id"] = "dryapi-mcp",
            ["client_secret"] = OAuthHost.OtherApiKey,
        }));
    }

    [Fact]
    public async Task A_garbage_bearer_is_challenged_with_the_resource_metadata()
    {
        using var browser = new OAuthBrowser(Host);
        await AssertChallengedAsync(browser, "99|garbage");
        var missing = await browser.PostMcpAsync(bearer: null, "tools/list");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Contains($"resource_metadata=\"{Host.Issuer}/.well-known/oauth-protected-resource/mcp\"", missing.WwwAuthenticate, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid_token", missing.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Contains("Sign in to connect", missing.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_is_told_apart_from_a_missing_one_in_the_header_and_the_body()
    {
        using var browser = new OAuthBrowser(Host);

        var refused = await browser.PostMcpAsync("99|garbage", "tools/list");

        Assert.Contains("error_description=\"dryAPI did not accept this API key", refused.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Contains("dryAPI did not accept this API key", refused.Body, StringComparison.Ordinal);
        // Clients redact "Bearer <anything>" in what they show; the advice must survive that.
        Assert.DoesNotMatch(@"Bearer\s+[^\s""]", refused.WwwAuthenticate.Replace("Bearer realm=", "", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> CodeRedemption(string clientId, string code, string verifier) => new()
    {
        ["grant_type"] = "authorization_code",
        ["code"] = code,
        ["redirect_uri"] = OAuthBrowser.Callback,
        ["code_verifier"] = verifier,
        ["client_id"] = clientId,
    };

    private static void AssertInvalidGrant(TokenAnswer answer)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("invalid_grant", answer.Error);
        Assert.False(answer.Body.TryGetProperty("access_token", out _));
    }

    private static async Task AssertErrorPageAsync(OAuthBrowser browser, IDictionary<string, string?> parameters)
    {
        using var response = await browser.GetAuthorizeAsync(parameters);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"form_token\"", html, StringComparison.Ordinal);
    }

    private async Task AssertChallengedAsync(OAuthBrowser browser, string bearer)
    {
        var answer = await browser.PostMcpAsync(bearer, "tools/call", new { name = "get_balance", arguments = new { } });
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Contains($"resource_metadata=\"{Host.Issuer}/.well-known/oauth-protected-resource/mcp\"", answer.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", answer.WwwAuthenticate, StringComparison.Ordinal);
        Assert.DoesNotContain("Balance:", answer.Body, StringComparison.Ordinal);
    }
}
