using System.Buffers.Text;
using System.Globalization;
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
        var payload = value.Trim();
        if (FileDownloader.IsUrl(payload))
        {
            return FetchedFiles.Find(argument, payload)
                   ?? throw new InvalidOperationException($"The URL given for '{argument}' was not downloaded before the arguments were resolved.");
        }

        if (payload.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = payload.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !payload[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw new ToolArgumentException(argument, "a data: URI must be base64-encoded, such as data:image/png;base64,iVBORw0KGgo...");
            }

            payload = payload[(comma + 1)..];
        }

        var bytes = DecodeBase64(argument, payload);
        if (bytes.Length > rule.MaxBytes)
        {
            throw new ToolArgumentException(argument,
                $"the file is {Megabytes(bytes.Length)} MB; dryAPI accepts at most {Megabytes(rule.MaxBytes)} MB here. Pass a smaller or more compressed file.");
        }

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

    private static byte[] DecodeBase64(string argument, string payload)
    {
        var compact = string.Concat(payload.Where(character => !char.IsWhiteSpace(character)));
        if (compact.Length == 0)
        {
            throw new ToolArgumentException(argument, "the file is empty; pass its bytes as base64.");
        }

        if (Base64.IsValid(compact, out _))
        {
            return Convert.FromBase64String(compact);
        }

        // Some agents send base64url (RFC 4648 §5) without padding.
        var standard = compact.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        if (Base64.IsValid(standard, out _))
        {
            return Convert.FromBase64String(standard);
        }

        throw new ToolArgumentException(argument, "it is neither base64, a data: URI nor an http(s) URL. Pass the file's bytes as base64, or a URL to fetch it from.");
    }

    public static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture);
}
