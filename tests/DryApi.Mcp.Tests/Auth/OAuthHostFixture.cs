namespace DryApi.Mcp.Tests.Auth;

/// <summary>One OAuth-enabled host (default settings) shared by the tests of a class.</summary>
public sealed class OAuthHostFixture : IAsyncLifetime
{
    public OAuthHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await OAuthHost.StartAsync();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
