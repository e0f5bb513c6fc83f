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

    [Fact]
    public async Task After_a_key_rotation_the_new_key_seals_and_the_old_one_still_opens_what_it_sealed()
    {
        await using var before = await OAuthHost.StartAsync();
        await using var rotated = await OAuthHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:PublicBaseUrl"] = before.Issuer,
            ["Auth:SealingKeys:0:Id"] = "new-key",
            ["Auth:SealingKeys:0:Secret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Auth:SealingKeys:1:Id"] = "test-key",
            ["Auth:SealingKeys:1:Secret"] = before.SealingSecret,
        });
        using var atBefore = new OAuthBrowser(before);
        using var atRotated = new OAuthBrowser(rotated);

        var (clientId, tokens) = await SignInAsync(atBefore, authorizeAt: atBefore, redeemAt: atBefore);
        var oldTokenAfterRotation = await atRotated.PostMcpAsync(tokens.AccessToken, "tools/list");
        var refreshed = await atRotated.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken,
            ["client_id"] = clientId,
        });
        var newTokenAfterRotation = await atRotated.PostMcpAsync(refreshed.AccessToken, "tools/list");
        var newTokenWithoutTheNewKey = await atBefore.PostMcpAsync(refreshed.AccessToken, "tools/list");

        Assert.True(oldTokenAfterRotation.Status == HttpStatusCode.OK, $"{oldTokenAfterRotation.Status} {oldTokenAfterRotation.WwwAuthenticate}");
        Assert.True(refreshed.Status == HttpStatusCode.OK, $"{refreshed.Status}");
        Assert.True(newTokenAfterRotation.Status == HttpStatusCode.OK, $"{newTokenAfterRotation.Status} {newTokenAfterRotation.WwwAuthenticate}");
        // Only the new key could have sealed it: the replica that lacks that key cannot open it.
        Assert.Equal(HttpStatusCode.Unauthorized, newTokenWithoutTheNewKey.Status);
    }

    /// <summary>
    /// Registers a client at the first replica, authorizes with the user's key at one replica and redeems the code at
    /// another. The parameters name the first replica's resource, which stands for the shared public name.
    /// </summary>
    private static async Task<(string ClientId, TokenAnswer Tokens)> SignInAsync(OAuthBrowser publicName, OAuthBrowser authorizeAt, OAuthBrowser redeemAt)
    {
        var (clientId, redemption) = await publicName.AuthorizeNewClientAsync(authorizeAt: authorizeAt);
        return (clientId, await redeemAt.TokenAsync(redemption));
    }
}
