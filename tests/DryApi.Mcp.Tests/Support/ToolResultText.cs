using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Support;

public static class ToolResultText
{
    /// <summary>All text blocks of a tool result, one per line.</summary>
    public static string Text(this CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(block => block.Text));
}
