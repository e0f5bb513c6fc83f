using System.Globalization;
using System.Text.Json;

namespace DryApi.Mcp.Tools.Files;

/// <summary>
/// What the HTTP endpoint took out of a <c>tools/call</c> body before the MCP server parsed it: the long values of file
/// arguments (base64 text, kept as slices of the body so they are never copied; the message carries a short
/// placeholder instead), and argument names the body gives more than once. Empty for stdio and other methods.
/// </summary>
internal sealed class ToolCallBody
{
    private readonly string placeholderPrefix = $"detached-file:{Guid.NewGuid():N}:";
    private readonly List<ReadOnlyMemory<byte>> values = [];
    private readonly List<string> repeatedArguments = [];

    /// <summary>Argument names given more than once (a JSON object keeps only one of them, so the call is refused).</summary>
    public IReadOnlyList<string> RepeatedArguments => repeatedArguments;

    /// <summary>Keeps a file value (the JSON string token, quotes included) and returns the placeholder that stands for it.</summary>
    public string Detach(ReadOnlyMemory<byte> jsonString)
    {
        values.Add(jsonString);
        return placeholderPrefix + (values.Count - 1).ToString(CultureInfo.InvariantCulture);
    }

    public void Repeated(string argument) => repeatedArguments.Add(argument);

    /// <summary>The UTF-8 text of the file value <paramref name="value"/> stands for, or null when it is no placeholder of this call.</summary>
    public ReadOnlyMemory<byte>? Find(string value)
    {
        if (!value.StartsWith(placeholderPrefix, StringComparison.Ordinal)
            || !int.TryParse(value.AsSpan(placeholderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index >= values.Count)
        {
            return null;
        }

        return Unquoted(values[index]);
    }

    /// <summary>The text inside the quotes; only an escaped value (e.g. <c>\/</c> for <c>/</c>) is copied to unescape it.</summary>
    private static ReadOnlyMemory<byte> Unquoted(ReadOnlyMemory<byte> jsonString)
    {
        var reader = new Utf8JsonReader(jsonString.Span);
        reader.Read();
        if (!reader.ValueIsEscaped)
        {
            return jsonString[1..^1];
        }

        try
        {
            var unescaped = new byte[reader.ValueSpan.Length];
            return unescaped.AsMemory(0, reader.CopyString(unescaped));
        }
        catch (InvalidOperationException)
        {
            // An escape that is no text (a lone surrogate): left as it is, it fails as base64 with the usual message.
            return jsonString[1..^1];
        }
    }
}
