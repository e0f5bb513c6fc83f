using System.Globalization;
using DryApi.Client.Media;

namespace DryApi.Mcp.Tools.Files;

/// <summary>
/// Checks a decoded file past its signature: its header must be whole and consistent (a PNG signature followed by junk
/// is not an image), and a picture must have a sane size, before anything is sent or priced.
/// </summary>
internal static class MediaContent
{
    /// <summary>The most pixels per side of an input image or video where the model states no limit of its own.</summary>
    public const int MaxSide = 16384;

    public static void Check(string argument, string format, ReadOnlySpan<byte> bytes)
    {
        var header = MediaHeaders.Read(format, bytes) ?? throw new ToolArgumentException(argument,
            $"the file is not a valid {format} {MediaHeaders.Kind(format)}: its header is missing, cut short or inconsistent. Pass the complete, unaltered file.");
        if (header is { Width: > MaxSide } or { Height: > MaxSide })
        {
            throw new ToolArgumentException(argument,
                $"the {MediaHeaders.Kind(format)} is {Size(header)} px; at most {MaxSide} px per side is accepted. Resize it to fit within {MaxSide}×{MaxSide} px.");
        }
    }

    private static string Size(MediaHeader header) =>
        string.Create(CultureInfo.InvariantCulture, $"{header.Width}×{header.Height}");
}
