using DryApi.Mcp.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tests.Configuration;

/// <summary>A host with a bad setting refuses to start, and the refusal names the key to fix.</summary>
public sealed class MisconfiguredStartTests
{
    [Theory]
    [InlineData("Mcp:HeartbeatInterval", "00:01:00", "Mcp:HeartbeatInterval")]
    [InlineData("Mcp:Path", "mcp", "Mcp:Path")]
    [InlineData("Mcp:WaitBudget", "00:00:00", "Mcp:WaitBudget")]
    [InlineData("Mcp:DuplicateCallWindow", "-00:00:01", "Mcp:DuplicateCallWindow")]
    [InlineData("Mcp:FileDownloads:AllowedNetworks:0", "not-a-network", "Mcp:FileDownloads:AllowedNetworks")]
    [InlineData("Polling:Multiplier", "0.5", "Polling:Multiplier")]
    [InlineData("Auth:Enabled", "true", "Auth:PublicBaseUrl")]
    [InlineData("Auth:PublicBaseUrl", "http://mcp.example.com", "Auth:PublicBaseUrl")]
    [InlineData("Auth:SealingKeys:0:Secret", "dG9vIHNob3J0", "Auth:SealingKeys:0:Secret must be at least 32")]
    [InlineData("Telemetry:OtlpProtocol", "Carrier", "Telemetry:OtlpProtocol")]
    public async Task A_bad_setting_stops_the_start_and_names_its_key(string key, string value, string named)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0", [key] = value });
        builder.AddDryApiMcp();
        await using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oauth_on_without_sealing_keys_names_the_sealing_keys()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Auth:Enabled"] = "true",
            ["Auth:PublicBaseUrl"] = "https://mcp.example.com",
        });
        builder.AddDryApiMcp();
        await using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Auth:SealingKeys", failure.Message, StringComparison.Ordinal);
    }
}
