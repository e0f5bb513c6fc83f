using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Mcp.Logging;
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

    /// <summary>The text blocks of a result, joined: what an error result says.</summary>
    public static string Text(CallToolResult result) =>
        string.Join(" ", result.Content.OfType<TextContentBlock>().Select(block => block.Text));

    /// <summary>The outcome as indented JSON text, for clients that show only text content.</summary>
    public static TextContentBlock AsText<TOutcome>(TOutcome outcome) =>
        new() { Text = JsonSerializer.Serialize(outcome, IndentedJson) };

    /// <summary>The result with keys, tokens and Authorization values masked in its text and structured content.</summary>
    public static CallToolResult WithoutSecrets(CallToolResult result)
    {
        result.Content = [.. result.Content.Select(block => block is TextContentBlock text ? new TextContentBlock { Text = SecretRedactor.Redact(text.Text) } : block)];
        if (result.StructuredContent is { } structured && JsonNode.Parse(structured.GetRawText()) is { } node)
        {
            MaskStrings(node);
            result.StructuredContent = JsonSerializer.SerializeToElement(node, ToolJson.Options);
        }

        return result;
    }

    private static void MaskStrings(JsonNode node)
    {
        foreach (var (child, replace) in Children(node))
        {
            if (child is JsonValue value && value.TryGetValue(out string? text))
            {
                replace(SecretRedactor.Redact(text));
            }
            else if (child is not null)
            {
                MaskStrings(child);
            }
        }
    }

    private static IEnumerable<(JsonNode? Child, Action<string> Replace)> Children(JsonNode node) => node switch
    {
        JsonObject json => json.ToList().Select(pair => (pair.Value, (Action<string>)(text => json[pair.Key] = text))),
        JsonArray array => array.Select((item, index) => (item, (Action<string>)(text => array[index] = text))).ToList(),
        _ => [],
    };

    private static readonly JsonSerializerOptions IndentedJson = new(ToolJson.Options) { WriteIndented = true };
}
