using System.Diagnostics;
using System.Net;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// Client ID Metadata Documents against a local metadata host, which only this fixture's configuration lets the
/// server reach (<c>Auth:ClientMetadataAllowedNetworks</c> = 127.0.0.0/8).
/// </summary>
public sealed class ClientMetadataDocumentTests(ClientMetadataDocumentTests.Hosts hosts) : IClassFixture<ClientMetadataDocumentTests.Hosts>
{
    [Fact]
    public async Task A_metadata_document_client_completes_the_flow_and_refreshes()
    {
        using var browser = new OAuthBrowser(hosts.Server);
        var clientId = hosts.Metadata.ClientId;
        var (verifier, challenge) = OAuthBrowser.NewPkce();

        using var page = await browser.GetAuthorizeAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge));
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Metadata Client", html, StringComparison.Ordinal);

        var redirect = await browser.AuthorizeWithKeyAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge), OAuthHost.ApiKey);
        var tokens = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = OAuthBrowser.Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
            ["resource"] = hosts.Server.Resource,
        });
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostMcpAsync(tokens.AccessToken, "tools/list")).Status);

        var refreshed = await browser.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken,
            ["client_id"] = clientId,
        });
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostMcpAsync(refreshed.AccessToken, "tools/list")).Status);
    }

    [Fact]
    public async Task A_redirect_uri_the_document_does_not_list_gets_an_error_page()
    {
        using var browser = new OAuthBrowser(hosts.Server);
        var (_, challenge) = OAuthBrowser.NewPkce();

        using var response = await browser.GetAuthorizeAsync(browser.AuthorizeParameters(hosts.Metadata.ClientId, "https://evil.example/callback", challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task The_document_is_fetched_with_the_fixed_user_agent_and_no_trace_context_even_within_an_activity()
    {
        using var browser = new OAuthBrowser(hosts.Server);
        var (_, challenge) = OAuthBrowser.NewPkce();
        using var activity = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.AddBaggage("tenant", "acme");
        var before = hosts.Metadata.ReceivedHeaders.Count;

        using var page = await browser.GetAuthorizeAsync(browser.AuthorizeParameters(hosts.Metadata.ClientId, OAuthBrowser.Callback, challenge));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var headers = Assert.Single(hosts.Metadata.ReceivedHeaders.Skip(before));
        Assert.Equal(["Accept", "Host", "User-Agent"], headers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("dryapi-mcp", headers["User-Agent"]);
    }

    [Theory]
    [InlineData("/another-client.json", "its client_id is not the document's own URL")]
    [InlineData("/redirect.json", "it answered 302 (redirects are not followed)")]
    [InlineData("/huge.json", "it is larger than 65536 bytes")]
    [InlineData("/missing.json", "it answered 404")]
    public async Task A_document_that_does_not_describe_its_own_url_or_cannot_be_read_within_limits_is_refused(string path, string reason)
    {
        using var browser = new OAuthBrowser(hosts.Server);
        var (_, challenge) = OAuthBrowser.NewPkce();

        using var response = await browser.GetAuthorizeAsync(browser.AuthorizeParameters(hosts.Metadata.Url(path), OAuthBrowser.Callback, challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(hosts.Server.Logs.Lines, line => line.Contains(hosts.Metadata.Url(path) + " refused: " + reason, StringComparison.Ordinal));
    }

    public sealed class Hosts : IAsyncLifetime
    {
        public OAuthHost Server { get; private set; } = null!;

        public ClientMetadataHost Metadata { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Metadata = await ClientMetadataHost.StartAsync();
            Server = await OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:ClientMetadataAllowedNetworks:0"] = "127.0.0.0/8" });
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Metadata.DisposeAsync();
        }
    }
}

/// <summary>
/// With the production setting (no private network allowed), a metadata document URL that names or resolves to a
/// private address is never fetched. Only loopback is ever contacted here; the other addresses are refused before any
/// connection is attempted.
/// </summary>
public sealed class ClientMetadataAddressTests(OAuthHostFixture fixture) : IClassFixture<OAuthHostFixture>
{
    [Theory]
    [InlineData("https://127.0.0.1/client.json")]
    [InlineData("https://10.0.0.1/client.json")]
    [InlineData("https://169.254.169.254/latest/meta-data/client.json")]
    [InlineData("https://[::1]/client.json")]
    [InlineData("https://[::ffff:127.0.0.1]/client.json")]
    [InlineData("https://[fd00:ec2::254]/client.json")]
    [InlineData("https://100.100.100.200/client.json")]
    [InlineData("https://localhost/client.json")]
    public async Task A_metadata_document_at_a_private_address_is_not_fetched(string clientId)
    {
        using var browser = new OAuthBrowser(fixture.Host);
        var (_, challenge) = OAuthBrowser.NewPkce();

        using var response = await browser.GetAuthorizeAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains(fixture.Host.Logs.Lines, line => line.Contains(clientId + " refused: ", StringComparison.Ordinal) && line.Contains("not public", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_metadata_document_on_a_loopback_host_is_refused_without_explicit_configuration()
    {
        await using var metadata = await ClientMetadataHost.StartAsync();
        using var browser = new OAuthBrowser(fixture.Host);
        var (_, challenge) = OAuthBrowser.NewPkce();
        var localhost = metadata.ClientId.Replace("127.0.0.1", "localhost", StringComparison.Ordinal).Replace("http://", "https://", StringComparison.Ordinal);

        foreach (var clientId in new[] { metadata.ClientId, localhost })
        {
            using var response = await browser.GetAuthorizeAsync(browser.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Contains(fixture.Host.Logs.Lines, line => line.Contains("resolves to an address that is not public", StringComparison.Ordinal));
    }
}
