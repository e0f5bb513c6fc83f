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

        var clientId = await atFirst.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        // The parameters name the public resource (the first replica's URL stands for the shared public name).
        var redirect = await atSecond.AuthorizeWithKeyAsync(atFirst.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge), OAuthHost.ApiKey);
        var tokens = await atFirst.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = OAuthBrowser.Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
            ["resource"] = first.Resource,
        });
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

        var clientId = await atFirst.RegisterAsync(OAuthBrowser.Callback);
        var (verifier, challenge) = OAuthBrowser.NewPkce();
        var redirect = await atFirst.AuthorizeWithKeyAsync(atFirst.AuthorizeParameters(clientId, OAuthBrowser.Callback, challenge), OAuthHost.ApiKey);
        var tokens = await atFirst.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = OAuthBrowser.Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
        });

        var answer = await atStranger.PostMcpAsync(tokens.AccessToken, "tools/list");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }
}
