using ModelContextProtocol.Authentication;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// The C# SDK's own OAuth client (<see cref="ClientOAuthOptions"/>) against the server: discovery from the 401,
/// registration, the authorize page (posted by the test as the user would), the token exchange, tool calls, and a
/// refresh when the access token has expired. Its Client ID Metadata Document path is in
/// <see cref="SdkClientMetadataDocumentTests"/>.
/// </summary>
public sealed class SdkOAuthClientTests(OAuthHostFixture fixture) : IClassFixture<OAuthHostFixture>
{
    private OAuthHost Host => fixture.Host;

    [Fact]
    public async Task The_sdk_registers_posts_the_key_page_calls_tools_and_refreshes()
    {
        var user = new UserAtTheBrowser(Host, page => page.Fields["api_key"] = OAuthHost.ApiKey);
        await using var client = await SdkOAuthClient.ConnectAsync(Host, new ClientOAuthOptions
        {
            RedirectUri = SdkOAuthClient.Callback,
            DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "SDK test client" },
            AuthorizationCallbackHandler = user.AuthorizeAsync,
        }, user.TokenRequests);

        await SdkOAuthClient.AssertToolsWorkAsync(client, "1000");
        Assert.Equal(1, user.Visits);
        Assert.Contains(user.TokenRequests, request => request.Contains("grant_type=authorization_code", StringComparison.Ordinal));

        Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await SdkOAuthClient.AssertToolsWorkAsync(client, "1000");
        Assert.Equal(1, user.Visits);
        Assert.Contains(user.TokenRequests, request => request.Contains("grant_type=refresh_token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sdk_uses_the_preregistered_client_with_the_key_as_its_secret()
    {
        var user = new UserAtTheBrowser(Host, page => page.Fields["decision"] = "approve");
        await using var client = await SdkOAuthClient.ConnectAsync(Host, new ClientOAuthOptions
        {
            RedirectUri = SdkOAuthClient.Callback,
            ClientId = "dryapi-mcp",
            ClientSecret = OAuthHost.OtherApiKey,
            AuthorizationCallbackHandler = user.AuthorizeAsync,
        }, user.TokenRequests);

        await SdkOAuthClient.AssertToolsWorkAsync(client, "5");
        Assert.Equal(1, user.Visits);
        Assert.Contains(user.TokenRequests, request => request.Contains("client_secret=", StringComparison.Ordinal) || request.EndsWith(" basic", StringComparison.Ordinal));

        Host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await SdkOAuthClient.AssertToolsWorkAsync(client, "5");
        Assert.Contains(user.TokenRequests, request => request.Contains("grant_type=refresh_token", StringComparison.Ordinal));
    }
}
