using System.Collections.Frozen;
using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Mcp.Tools.Files;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// Takes the long values of a <c>tools/call</c>'s file arguments (<c>image</c>, <c>images</c> items, <c>audio</c>, …) out
/// of its body before the MCP server parses it, because the SDK copies a message's params several times on the way
/// to a tool. Each becomes a short placeholder that <see cref="ToolCallBody"/> resolves to a slice of the body. Argument
/// names given twice are noted there too. Any other body, or one that is not valid JSON, is returned as it is.
/// </summary>
internal static class FileValueDetacher
{
    /// <summary>Values shorter than this stay in the message: copying them costs less than keeping track of them.</summary>
    public const int DetachedLength = 4096;

    private const int LongestArgumentName = 256;

    /// <summary>The wire names of every file field of dryAPI's operations; no tool uses one of them for anything else.</summary>
    private static readonly FrozenSet<string> FileParameters = DryApiOperations.All
        .SelectMany(operation => operation.Contract.Fields)
        .Where(field => field.File is not null)
        .Select(field => field.Name.Replace("[]", string.Empty, StringComparison.Ordinal))
        .ToFrozenSet(StringComparer.Ordinal);

    public static ReadOnlyMemory<byte> Detach(byte[] body, ToolCallBody into)
    {
        var scan = new Scan();
        try
        {
            var reader = new Utf8JsonReader(body);
            ReadMessage(ref reader, scan);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not valid JSON (a lone surrogate escape throws the latter): the message reader refuses it.
            return body;
        }

        if (scan.Method != "tools/call")
        {
            return body;
        }

        foreach (var name in scan.Repeated)
        {
            into.Repeated(name);
        }

        return scan.LongFileValues.Count == 0 ? body : Replace(body, scan.LongFileValues, into);
    }

    private static ReadOnlyMemory<byte> Replace(byte[] body, List<(int Start, int End)> values, ToolCallBody into)
    {
        var placeholders = values.Select(value => JsonSerializer.SerializeToUtf8Bytes(into.Detach(body.AsMemory(value.Start..value.End)))).ToList();
        var slim = new byte[body.Length - values.Sum(value => value.End - value.Start) + placeholders.Sum(placeholder => placeholder.Length)];
        var written = 0;
        var copied = 0;
        for (var index = 0; index < values.Count; index++)
        {
            body.AsSpan(copied..values[index].Start).CopyTo(slim.AsSpan(written));
            written += values[index].Start - copied;
            placeholders[index].CopyTo(slim.AsSpan(written));
            written += placeholders[index].Length;
            copied = values[index].End;
        }

        body.AsSpan(copied).CopyTo(slim.AsSpan(written));
        return slim;
    }

    private static void ReadMessage(ref Utf8JsonReader reader, Scan scan)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMethod = reader.ValueTextEquals("method"u8);
            var isParams = reader.ValueTextEquals("params"u8);
            reader.Read();
            if (isMethod && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= LongestArgumentName)
            {
                scan.Method = reader.GetString();
            }
            else if (isParams && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadParams(ref reader, scan);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadParams(ref Utf8JsonReader reader, Scan scan)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isArguments = reader.ValueTextEquals("arguments"u8);
            reader.Read();
            if (isArguments && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadArguments(ref reader, scan);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadArguments(ref Utf8JsonReader reader, Scan scan)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan.Length <= LongestArgumentName ? reader.GetString()! : null;
            if (name is not null && !names.Add(name))
            {
                scan.Repeated.Add(name);
            }

            reader.Read();
            if (name is null || !FileParameters.Contains(name))
            {
                reader.Skip();
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Note(ref reader, scan);
                    reader.Skip();
                }
            }
            else
            {
                Note(ref reader, scan);
            }
        }
    }

    private static void Note(ref Utf8JsonReader reader, Scan scan)
    {
        if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length >= DetachedLength)
        {
            scan.LongFileValues.Add(((int)reader.TokenStartIndex, (int)reader.BytesConsumed));
        }
    }

    private sealed class Scan
    {
        public string? Method { get; set; }

        public List<string> Repeated { get; } = [];

        /// <summary>The byte ranges of long file values, quotes included, in the order they appear.</summary>
        public List<(int Start, int End)> LongFileValues { get; } = [];
    }
}
