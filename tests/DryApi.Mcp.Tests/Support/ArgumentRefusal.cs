using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Support;

public static class ArgumentRefusal
{
    /// <summary>The call was refused as a tool error naming <paramref name="argument"/> and the problem, and nothing reached dryAPI for <paramref name="key"/>.</summary>
    public static void AssertRefused(this McpServerHarness harness, CallToolResult result, string key, string argument, string problem)
    {
        Assert.True(result.IsError);
        var text = result.Text();
        Assert.StartsWith($"Invalid argument '{argument}':", text, StringComparison.Ordinal);
        Assert.Contains(problem, text, StringComparison.Ordinal);
        Assert.Empty(harness.SubmissionsBy(key));
    }
}
