using System.Net;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// Two replicas behind one public name, sharing only their configuration (public base URL and sealing keys): each
/// accepts what the other issued, because nothing is stored — the client, the code and the tokens carry everything.
/// </summary>
public sealed class ScaleOutTests
{
    [Fact]
    public async Task A_replica_redeems_the_code_another_issued_and_each_accepts_the_others_tokens()
    {
        await using var first = await OAuthHost.StartAsync();
        await using var second = await OAuthHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:PublicBaseUrl"] = first.Issuer,
            ["Auth:SealingKeys:0:Secret"] = first.SealingSecret,
        });
        using var atFirst = new OAuthBrowser(first);
        using var atSecond = new OAuthBrowser(second);

        var (clientId, tokens) = await SignInAsync(atFirst, authorizeAt: atSecond, redeemAt: atFirst);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        var onSecond = await atSecond.PostMcpAsync(tokens.AccessToken, "tools/list");
        var refreshed = await atSecond.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken,
            ["client_id"] = clientId,
        });
        var onFirst = await atFirst.PostMcpAsync(refreshed.AccessToken, "tools/list");

        Assert.True(onSecond.Status == HttpStatusCode.OK, $"{onSecond.Status} {onSecond.WwwAuthenticate} {onSecond.Body}");
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.True(onFirst.Status == HttpStatusCode.OK, $"{onFirst.Status} {onFirst.WwwAuthenticate} {onFirst.Body}");
    }

    [Fact]
    public async Task A_replica_with_other_sealing_keys_accepts_nothing_the_first_issued()
    {
        await using var first = await OAuthHost.StartAsync();
        await using var stranger = await OAuthHost.StartAsync(new Dictionary<string, string?> { ["Auth:PublicBaseUrl"] = first.Issuer });
        using var atFirst = new OAuthBrowser(first);
        using var atStranger = new OAuthBrowser(stranger);

        var (_, tokens) = await SignInAsync(atFirst, authorizeAt: atFirst, redeemAt: atFirst);
        var answer = await atStranger.PostMcpAsync(tokens.AccessToken, "tools/list");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }

    /// <summary>
    /// Registers a client at the first replica, authorizes with the user's key at one replica and redeems the code at
    /// another. The parameters name the first replica's resource, which stands for the shared public name.
    /// </summary>
    private static async Task<(string ClientId, TokenAnswer Tokens)> SignInAsync(OAuthBrowser publicName, OAuthBrowser authorizeAt, OAuthBrowser redeemAt)
    {
        var clientId = await publicName.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var parameters = publicName.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge);
        var redirect = await authorizeAt.AuthorizeWithKeyAsync(parameters, OAuthHost.ApiKey);
        var tokens = await redeemAt.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = OAuthBrowser.Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
            ["resource"] = parameters["resource"]!,
        });
        return (clientId, tokens);
    }
}
