using System.Net;
using System.Text;
using System.Text.Json;
using DryApi.Mcp.Auth;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>Registration refuses what could not be used later: non-ASCII redirect URIs, and client_ids too large for an authorize URL or a token.</summary>
public sealed class RegistrationTests(OAuthHostFixture fixture) : IClassFixture<OAuthHostFixture>
{
    private OAuthHost Host => fixture.Host;

    [Theory]
    [InlineData("https://client.example/cé")]
    [InlineData("https://сlaude.ai/api/mcp/auth_callback")]
    public async Task A_redirect_uri_outside_ascii_is_refused_with_the_fix(string redirectUri)
    {
        var (status, body) = await RegisterAsync(redirectUri);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_redirect_uri", body.GetProperty("error").GetString());
        Assert.Contains("punycode", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_punycode_host_is_shown_as_punycode_and_the_flow_completes()
    {
        const string Lookalike = "https://xn--laude-0ye.ai/api/mcp/auth_callback";
        using var browser = new OAuthBrowser(Host);
        var clientId = await browser.RegisterAsync(Lookalike);
        var (_, challenge) = OAuthBrowser.NewPkce();
        var parameters = browser.AuthorizeParameters(clientId, Lookalike, challenge);

        using var page = await browser.GetAuthorizeAsync(parameters);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<strong>xn--laude-0ye.ai</strong>", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var redirect = await browser.AuthorizeWithKeyAsync(parameters, OAuthHost.ApiKey);
        Assert.True(redirect.ContainsKey("code"));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public async Task Redirect_uris_too_large_for_a_usable_client_id_are_refused_saying_why(int count)
    {
        var redirectUris = Enumerable.Range(0, count).Select(index => $"https://client.example/{index}/" + new string('a', 1400)).ToArray();

        var (status, body) = await RegisterAsync(redirectUris);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_client_metadata", body.GetProperty("error").GetString());
        Assert.Contains($"over this server's limit of {RegistrationEndpoint.MaxClientIdLength}", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_uri_too_long_for_the_authorize_url_is_refused_saying_why()
    {
        var (status, body) = await RegisterAsync("https://client.example/" + new string('/', 1700));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("MaxRequestLineSize", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_largest_registration_accepted_completes_the_flow_and_refreshes()
    {
        using var browser = new OAuthBrowser(Host);
        var (clientId, redirectUri) = await LargestAcceptedAsync();
        Assert.InRange(clientId.Length, RegistrationEndpoint.MaxClientIdLength - 200, RegistrationEndpoint.MaxClientIdLength);
        var (verifier, challenge) = OAuthBrowser.NewPkce();

        var redirect = await browser.AuthorizeWithKeyAsync(browser.AuthorizeParameters(clientId, redirectUri, challenge), OAuthHost.ApiKey);
        var tokens = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
        });
        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.Body.ToString());
        // The access token leaves the client id out: it is as small as any other client's (about 670 characters).
        Assert.InRange(tokens.AccessToken.Length, 600, 800);
        var refreshed = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken,
            ["client_id"] = clientId,
        });

        Assert.True(refreshed.Status == HttpStatusCode.OK, refreshed.Body.ToString());
    }

    /// <summary>The client with the longest redirect URI registration accepts, found by shortening it step by step.</summary>
    private async Task<(string ClientId, string RedirectUri)> LargestAcceptedAsync()
    {
        for (var length = 2000; length > 0; length -= 25)
        {
            var redirectUri = "https://client.example/" + new string('a', length);
            var (status, body) = await RegisterAsync(redirectUri);
            if (status == HttpStatusCode.Created)
            {
                return (body.GetProperty("client_id").GetString()!, redirectUri);
            }
        }

        throw new InvalidOperationException("No registration was accepted.");
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> RegisterAsync(params string[] redirectUris)
    {
        using var browser = new OAuthBrowser(Host);
        using var response = await browser.Http.PostAsync("/register",
            new StringContent(JsonSerializer.Serialize(new { redirect_uris = redirectUris, client_name = "Test Connector" }), Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone());
    }
}
