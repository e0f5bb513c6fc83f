using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tools.Results;

internal static class ToolResults
{
    public static CallToolResult Error(string message) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    /// <summary>A result with its structured form (matching the tool's output schema) and the same facts as content.</summary>
    public static CallToolResult Structured<TOutcome>(TOutcome outcome, IList<ContentBlock> content, bool isError = false) => new()
    {
        IsError = isError ? true : null,
        Content = content,
        StructuredContent = JsonSerializer.SerializeToElement(outcome, ToolJson.Options),
    };

    /// <summary>The outcome as indented JSON text, for clients that show only text content.</summary>
    public static TextContentBlock AsText<TOutcome>(TOutcome outcome) =>
        new() { Text = JsonSerializer.Serialize(outcome, IndentedJson) };

    private static readonly JsonSerializerOptions IndentedJson = new(ToolJson.Options) { WriteIndented = true };
}
