using DryApi.Mcp.Tests.Support;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tests.Replicas;

public sealed class BackplaneSettingsTests
{
    [Fact]
    public async Task A_malformed_redis_setting_stops_the_start_naming_the_setting_without_repeating_its_password()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            Configuration = new Dictionary<string, string?> { ["Backplane:Redis"] = "redis:6379,password=hunter2-backplane,connectTimeout=soon" },
        }));

        Assert.Contains("Backplane:Redis must be a StackExchange.Redis configuration string", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", refused.ToString(), StringComparison.Ordinal);
    }
}
