using System.Net;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>A code and a rotated refresh token are single use on a replica; the record that ensures it is bounded.</summary>
public sealed class ReplayTests(OAuthHostFixture fixture) : IClassFixture<OAuthHostFixture>
{
    private OAuthHost Host => fixture.Host;

    [Fact]
    public async Task A_code_redeems_once()
    {
        using var browser = new OAuthBrowser(Host);
        var (_, redemption) = await browser.AuthorizeNewClientAsync();

        var first = await browser.TokenAsync(redemption);
        var replayed = await browser.TokenAsync(redemption);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.Status);
        Assert.Equal("invalid_grant", replayed.Error);
        Assert.Contains("already been redeemed", replayed.Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_refresh_token_is_refused_and_its_successor_works()
    {
        using var browser = new OAuthBrowser(Host);
        var (clientId, tokens) = await browser.ConnectWithRegistrationAsync();
        Dictionary<string, string> Refresh(string token) => new() { ["grant_type"] = "refresh_token", ["refresh_token"] = token, ["client_id"] = clientId };

        var rotated = await browser.TokenAsync(Refresh(tokens.RefreshToken));
        var replayed = await browser.TokenAsync(Refresh(tokens.RefreshToken));
        var successor = await browser.TokenAsync(Refresh(rotated.RefreshToken));

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.Status);
        Assert.Equal("invalid_grant", replayed.Error);
        Assert.Equal(HttpStatusCode.OK, successor.Status);
    }

    [Fact]
    public void The_record_forgets_an_entry_when_it_expires()
    {
        var clock = new ManualTimeProvider();
        var record = new SingleUseRecord(capacity: 10, clock);

        Assert.True(record.TryUse("a", clock.GetUtcNow() + TimeSpan.FromSeconds(60)));
        Assert.False(record.TryUse("a", clock.GetUtcNow() + TimeSpan.FromSeconds(60)));
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.True(record.TryUse("b", clock.GetUtcNow() + TimeSpan.FromSeconds(60)));

        Assert.Equal(1, record.Count);
    }

    [Fact]
    public void A_full_record_forgets_the_entry_that_expires_soonest()
    {
        var clock = new ManualTimeProvider();
        var record = new SingleUseRecord(capacity: 2, clock);
        var now = clock.GetUtcNow();

        Assert.True(record.TryUse("late", now + TimeSpan.FromDays(30)));
        Assert.True(record.TryUse("soon", now + TimeSpan.FromSeconds(60)));
        Assert.True(record.TryUse("new", now + TimeSpan.FromDays(1)));

        Assert.Equal(2, record.Count);
        Assert.False(record.TryUse("late", now + TimeSpan.FromDays(30)));
        Assert.False(record.TryUse("new", now + TimeSpan.FromDays(1)));
        Assert.True(record.TryUse("soon", now + TimeSpan.FromSeconds(60)));
    }
}
