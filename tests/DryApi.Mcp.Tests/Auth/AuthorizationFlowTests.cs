using System.Net;
using System.Text.Json;
using DryApi.Mcp.Auth;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>The flows a connector runs, driven by hand over real HTTP against the server and the simulated dryAPI.</summary>
public sealed class AuthorizationFlowTests(OAuthHostFixture fixture) : IClassFixture<OAuthHostFixture>
{
    private OAuthHost Host => fixture.Host;

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource/mcp")]
    [InlineData("/.well-known/oauth-protected-resource")]
    public async Task Protected_resource_metadata_names_the_mcp_endpoint_and_this_issuer(string path)
    {
        using var browser = new OAuthBrowser(Host);
        using var response = await browser.Http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(Host.Resource, metadata.GetProperty("resource").GetString());
        Assert.Equal([Host.Issuer], Strings(metadata, "authorization_servers"));
        Assert.Equal(["header"], Strings(metadata, "bearer_methods_supported"));
    }

    [Theory]
    [InlineData("/.well-known/oauth-authorization-server")]
    [InlineData("/.well-known/openid-configuration")]
    public async Task Authorization_server_metadata_has_the_exact_issuer_and_what_connectors_require(string path)
    {
        using var browser = new OAuthBrowser(Host);
        using var response = await browser.Http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(Host.Issuer, metadata.GetProperty("issuer").GetString());
        Assert.Equal(Host.Issuer + "/authorize", metadata.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(Host.Issuer + "/token", metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal(Host.Issuer + "/register", metadata.GetProperty("registration_endpoint").GetString());
        Assert.Equal(["code"], Strings(metadata, "response_types_supported"));
        Assert.Equal(["authorization_code", "refresh_token", "client_credentials"], Strings(metadata, "grant_types_supported"));
        Assert.Equal(["S256"], Strings(metadata, "code_challenge_methods_supported"));
        Assert.Equal(["client_secret_post", "client_secret_basic", "none"], Strings(metadata, "token_endpoint_auth_methods_supported"));
        Assert.True(metadata.GetProperty("client_id_metadata_document_supported").GetBoolean());
        Assert.True(metadata.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.DoesNotContain("0.0.0.0", metadata.ToString(), StringComparison.Ordinal);
        // Exactly what is supported: no jwks_uri (no key is published), no scopes, claims or ID-token algorithms.
        Assert.Equal(
            ["authorization_endpoint", "authorization_response_iss_parameter_supported", "client_id_metadata_document_supported",
                "code_challenge_methods_supported", "grant_types_supported", "issuer", "registration_endpoint", "response_modes_supported",
                "response_types_supported", "token_endpoint", "token_endpoint_auth_methods_supported"],
            metadata.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["query"], Strings(metadata, "response_modes_supported"));
    }

    [Fact]
    public async Task A_resource_with_a_trailing_slash_or_the_host_in_capitals_names_this_server()
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var resource = "HTTP://" + Host.BaseUrl.Authority.ToUpperInvariant() + "/mcp/";
        var parameters = browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge);
        parameters["resource"] = resource;

        var redirect = await browser.AuthorizeWithKeyAsync(parameters, OAuthHost.ApiKey);
        var tokens = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = OAuthBrowser.Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
            ["resource"] = resource,
        });

        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.Body.ToString());
        await AssertBalanceAsync(browser, tokens.AccessToken, "1000");
    }

    [Fact]
    public void OpenIddict_logs_only_warnings_unless_configured_otherwise()
    {
        var rules = Host.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;

        Assert.Contains(rules, rule => rule is { CategoryName: "OpenIddict", ProviderName: null, LogLevel: LogLevel.Warning });
    }

    [Fact]
    public async Task Discovery_answers_a_browser_preflight()
    {
        using var browser = new OAuthBrowser(Host);
        using var request = new HttpRequestMessage(HttpMethod.Options, "/token");
        request.Headers.Add("Origin", "https://inspector.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await browser.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_client_gets_tokens_for_the_users_key_uses_them_and_refreshes()
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();

        using var page = await browser.GetAuthorizeAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge));
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<label for=\"api_key\">", html, StringComparison.Ordinal);
        Assert.Contains("type=\"password\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var fields = OAuthBrowser.HiddenFields(html);
        fields["api_key"] = OAuthHost.ApiKey;
        using var submitted = await browser.SubmitAsync(fields);
        Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
        var location = submitted.Headers.Location!;
        Assert.StartsWith(OAuthBrowser.Callback + "?", location.ToString(), StringComparison.Ordinal);
        var redirect = OAuthBrowser.QueryOf(location);
        Assert.Equal("state-123", redirect["state"]);
        Assert.Equal(Host.Issuer, redirect["iss"]);

        var tokens = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = OAuthBrowser.Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
            ["resource"] = Host.Resource,
        });
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("no-store", tokens.Headers.CacheControl?.ToString());
        Assert.Equal("Bearer", tokens.Body.GetProperty("token_type").GetString());
        // OpenIddict states the lifetime left when it answers, in whole seconds.
        Assert.InRange(tokens.Body.GetProperty("expires_in").GetInt32(), 3599, 3600);
        Assert.DoesNotContain(OAuthHost.ApiKey, tokens.Body.ToString(), StringComparison.Ordinal);

        var listed = await browser.PostMcpAsync(tokens.AccessToken, "tools/list");
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Contains("get_balance", listed.Body, StringComparison.Ordinal);
        await AssertBalanceAsync(browser, tokens.AccessToken, "1000");

        var refreshed = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken,
            ["client_id"] = clientId,
        });
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(tokens.RefreshToken, refreshed.RefreshToken);
        Assert.NotEqual(tokens.AccessToken, refreshed.AccessToken);
        await AssertBalanceAsync(browser, refreshed.AccessToken, "1000");
    }

    [Fact]
    public async Task A_client_that_sends_no_state_completes_the_flow_and_gets_no_state_back()
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var parameters = browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge);
        parameters["state"] = null;

        var redirect = await browser.AuthorizeWithKeyAsync(parameters, OAuthHost.ApiKey);
        Assert.False(redirect.ContainsKey("state"));
        Assert.Equal(Host.Issuer, redirect["iss"]);
        var tokens = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = OAuthBrowser.Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
        });

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        await AssertBalanceAsync(browser, tokens.AccessToken, "1000");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_preregistered_client_redeems_its_code_with_the_key_as_its_secret(bool basic)
    {
        using var browser = new OAuthBrowser(Host);
        const string Callback = "https://claude.ai/api/mcp/auth_callback";
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var redirect = await browser.ConsentAsync(browser.AuthorizeParameters("dryapi-mcp", Callback, challenge), "approve");
        Assert.Equal(Host.Issuer, redirect["iss"]);

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = Callback,
            ["code_verifier"] = verifier,
        };
        if (!basic)
        {
            form["client_id"] = "dryapi-mcp";
            form["client_secret"] = OAuthHost.OtherApiKey;
        }

        var tokens = await browser.TokenAsync(form, basic ? OAuthBrowser.Basic("dryapi-mcp", OAuthHost.OtherApiKey) : null);
        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.Body.ToString());
        await AssertBalanceAsync(browser, tokens.AccessToken, "5");

        var refreshForm = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken };
        if (!basic)
        {
            refreshForm["client_id"] = "dryapi-mcp";
            refreshForm["client_secret"] = OAuthHost.OtherApiKey;
        }

        var refreshed = await browser.TokenAsync(refreshForm, basic ? OAuthBrowser.Basic("dryapi-mcp", OAuthHost.OtherApiKey) : null);
        Assert.True(refreshed.Status == HttpStatusCode.OK, refreshed.Body.ToString());
        await AssertBalanceAsync(browser, refreshed.AccessToken, "5");
    }

    [Fact]
    public async Task The_preregistered_client_is_refused_with_a_wrong_secret()
    {
        using var browser = new OAuthBrowser(Host);
        var answer = await browser.TokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, OAuthBrowser.Basic("dryapi-mcp", "99|not-a-key"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_client", answer.Error);
        Assert.Equal("Basic", answer.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Client_credentials_gives_the_preregistered_client_an_access_token_without_refresh()
    {
        using var browser = new OAuthBrowser(Host);
        var answer = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "dryapi-mcp",
            ["client_secret"] = OAuthHost.ApiKey,
        });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer.Body.TryGetProperty("refresh_token", out _));
        await AssertBalanceAsync(browser, answer.AccessToken, "1000");
    }

    [Fact]
    public async Task Client_credentials_is_refused_to_a_registered_client()
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var answer = await browser.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("unauthorized_client", answer.Error);
    }

    [Fact]
    public async Task A_valid_raw_key_is_served_without_a_challenge()
    {
        using var browser = new OAuthBrowser(Host);
        await AssertBalanceAsync(browser, OAuthHost.ApiKey, "1000");
    }

    [Fact]
    public async Task The_key_page_shows_a_rejected_key_again_with_a_message_and_issues_no_code()
    {
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (_, challenge) = OAuthBrowser.NewPkce();
        using var page = await browser.GetAuthorizeAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge));
        var fields = OAuthBrowser.HiddenFields(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        fields["api_key"] = "99|wrong-key";

        using var submitted = await browser.SubmitAsync(fields);
        var html = await submitted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, submitted.StatusCode);
        Assert.Null(submitted.Headers.Location);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("did not accept this API key", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("99|wrong-key", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Denying_consent_redirects_with_access_denied()
    {
        using var browser = new OAuthBrowser(Host);
        var (_, challenge) = OAuthBrowser.NewPkce();
        var redirect = await browser.ConsentAsync(browser.AuthorizeParameters("dryapi-mcp", "http://127.0.0.1:43123/callback", challenge), "deny");

        Assert.Equal("access_denied", redirect["error"]);
        Assert.Equal("state-123", redirect["state"]);
        Assert.Equal(Host.Issuer, redirect["iss"]);
        Assert.False(redirect.ContainsKey("code"));
    }

    [Fact]
    public async Task The_flow_logs_no_key_code_or_token_and_writes_nothing_to_disk()
    {
        var filesBefore = WritableFiles();
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var redirect = await browser.AuthorizeWithKeyAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge), OAuthHost.ApiKey);
        var tokens = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = OAuthBrowser.Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
        });
        await AssertBalanceAsync(browser, tokens.AccessToken, "1000");
        await browser.PostMcpAsync("99|garbage-bearer", "tools/list");

        string[] secrets = [OAuthHost.ApiKey, "99|garbage-bearer", redirect["code"], tokens.AccessToken, tokens.RefreshToken, verifier];
        var lines = Host.Logs.Lines;
        Assert.NotEmpty(lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        // ASP.NET authentication brings Data Protection along; its key ring must stay in memory.
        var keyRing = Host.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;
        Assert.NotNull(keyRing);
        Assert.IsNotType<FileSystemXmlRepository>(keyRing);
        Assert.Equal(filesBefore, WritableFiles());
    }

    /// <summary>
    /// Where a server could leave state behind: its own folder, the working folder, and ASP.NET's default key ring
    /// folder. (The temporary folder is shared with the other tests running at the same time, so it is not compared.)
    /// </summary>
    private static string[] WritableFiles()
    {
        var keyRing = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aspnet");
        return [.. new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, keyRing }
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Select(file => $"{file} {File.GetLastWriteTimeUtc(file):O} {new FileInfo(file).Length}")
            .Order(StringComparer.Ordinal)];
    }

    private static async Task AssertBalanceAsync(OAuthBrowser browser, string bearer, string expected)
    {
        var answer = await browser.PostMcpAsync(bearer, "tools/call", new { name = "get_balance", arguments = new { } });
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status} {answer.WwwAuthenticate} {answer.Body}");
        Assert.Contains($"Balance: {expected} USD.", answer.Body, StringComparison.Ordinal);
    }

    private static string[] Strings(JsonElement metadata, string name) =>
        [.. metadata.GetProperty(name).EnumerateArray().Select(value => value.GetString() ?? "")];
}
