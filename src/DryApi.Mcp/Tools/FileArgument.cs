using System.Buffers.Text;
using System.Globalization;
using System.Text;
using DryApi.Client.Contract;
using DryApi.Client.Media;
using DryApi.Client.Requests;
using DryApi.Mcp.Tools.Files;

namespace DryApi.Mcp.Tools;

/// <summary>
/// A file an agent passes as a string: base64 bytes, a <c>data:</c> URI, or an http(s) URL that
/// <see cref="FetchedFiles"/> downloaded before the tool resolved its arguments. The bytes are identified by content
/// and checked against the limits dryAPI sets for that parameter before anything is sent.
/// </summary>
internal static class FileArgument
{
    /// <summary>Decodes the file for <paramref name="field"/> of an operation, under that field's documented limits.</summary>
    public static DryApiFile For(IDryApiOperation operation, string field, string value) =>
        Decode(field, value, operation.Contract.Field(field)?.File
            ?? throw new InvalidOperationException($"{operation} has no file field '{field}'."));

    public static DryApiFile Decode(string argument, string value, FileRule rule)
    {
        var files = CallFiles.Current;
        if (files?.Detached(value) is { } detached)
        {
            return files.Held(argument, FromText(argument, detached.Span, rule));
        }

        var payload = value.Trim();
        if (FileDownloader.IsUrl(payload))
        {
            return files?.Downloaded(argument, payload)
                   ?? throw new InvalidOperationException($"The URL given for '{argument}' was not downloaded before the arguments were resolved.");
        }

        var file = FromText(argument, Encoding.UTF8.GetBytes(payload), rule);
        return files is null ? file : files.Held(argument, file);
    }

    /// <summary>A file given as base64 or a <c>data:</c> URI, as UTF-8 text; its size is checked before it is decoded.</summary>
    private static DryApiFile FromText(string argument, ReadOnlySpan<byte> text, FileRule rule)
    {
        text = text.Trim(" \t\r\n"u8);
        if (text.Length >= 5 && Ascii.EqualsIgnoreCase(text[..5], "data:"u8))
        {
            var comma = text.IndexOf((byte)',');
            if (comma < 0 || !Ascii.EqualsIgnoreCase(text[..comma][^Math.Min(comma, 7)..], ";base64"u8))
            {
                throw new ToolArgumentException(argument, "a data: URI must be base64-encoded, such as data:image/png;base64,iVBORw0KGgo...");
            }

            text = text[(comma + 1)..];
        }

        var bytes = DecodeBase64(argument, text, rule);
        return Identify(argument, bytes, rule);
    }

    /// <summary>The file part for <paramref name="bytes"/>, named and typed by content, if it is one of the rule's formats and its header holds up.</summary>
    public static DryApiFile Identify(string argument, byte[] bytes, FileRule rule)
    {
        var format = MediaSniffer.Detect(bytes);
        if (format is null || !rule.Formats.Any(allowed => MediaSniffer.Matches(format, allowed)))
        {
            throw new ToolArgumentException(argument,
                $"the bytes are {(format is null ? "not a recognised media file" : $"a {format} file")}; accepted formats: {string.Join(", ", rule.Formats)}.");
        }

        MediaContent.Check(argument, format, bytes);

        return new DryApiFile(bytes, $"{argument.Replace("[]", string.Empty, StringComparison.Ordinal)}.{MediaFormats.Extension(format)}", MediaFormats.ContentType(format));
    }

    /// <summary>Standard base64, or base64url (RFC 4648 §5) without padding as some agents send; whitespace is ignored.</summary>
    private static byte[] DecodeBase64(string argument, ReadOnlySpan<byte> text, FileRule rule)
    {
        var isStandard = Base64.IsValid(text, out var length);
        if (!isStandard && !Base64Url.IsValid(text, out length))
        {
            throw new ToolArgumentException(argument, "it is neither base64, a data: URI nor an http(s) URL. Pass the file's bytes as base64, or a URL to fetch it from.");
        }

        if (length == 0)
        {
            throw new ToolArgumentException(argument, "the file is empty; pass its bytes as base64.");
        }

        if (length > rule.MaxBytes)
        {
            throw new ToolArgumentException(argument,
                $"the file is {Megabytes(length)} MB; dryAPI accepts at most {Megabytes(rule.MaxBytes)} MB here. Pass a smaller or more compressed file.");
        }

        var bytes = new byte[length];
        var status = isStandard
            ? Base64.DecodeFromUtf8(text, bytes, out _, out var written)
            : Base64Url.DecodeFromUtf8(text, bytes, out _, out written);
        return status == System.Buffers.OperationStatus.Done && written == length
            ? bytes
            : throw new ToolArgumentException(argument, "its base64 could not be decoded. Pass the file's bytes as standard base64, or a URL to fetch it from.");
    }

    public static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture);
}
