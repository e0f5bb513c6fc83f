using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Text;

namespace DryApi.Client.Media;

/// <summary>
/// Identifies a file's format from its content (magic bytes), the way dryAPI's Laravel <c>mimes:</c> rule judges
/// uploads by content rather than by file name.
/// </summary>
public static class MediaSniffer
{
    private const int SvgSearchLength = 4096;

    private static readonly FrozenSet<string> Mp4Brands = FrozenSet.Create(
        StringComparer.Ordinal,
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9",
        "mp41", "mp42", "mp71", "avc1", "av01", "dash", "MSNV", "mmp4", "F4V ", "XAVC");

    private static readonly FrozenSet<string> M4aBrands = FrozenSet.Create(StringComparer.Ordinal, "M4A ", "M4B ", "M4P ");

    private static readonly FrozenSet<uint> BitmapInfoHeaderSizes = FrozenSet.Create<uint>(12, 40, 52, 56, 64, 108, 124);

    /// <summary>Allowed-extension spellings that name the same detected format.</summary>
    private static readonly FrozenDictionary<string, string> FormatByExtension = new Dictionary<string, string>
    {
        ["jpg"] = "jpeg",
        ["jpe"] = "jpeg",
        ["mpg"] = "mpeg",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> EbmlMagic => [0x1A, 0x45, 0xDF, 0xA3];

    private static ReadOnlySpan<byte> EbmlDocTypeWebm => [0x42, 0x82, 0x84, (byte)'w', (byte)'e', (byte)'b', (byte)'m'];

    private static ReadOnlySpan<byte> AsfHeaderGuid =>
        [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C];

    private static ReadOnlySpan<byte> MpegPackHeader => [0x00, 0x00, 0x01, 0xBA];

    private static ReadOnlySpan<byte> MpegVideoSequenceHeader => [0x00, 0x00, 0x01, 0xB3];

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// The lowercase format name of <paramref name="content"/> (<c>png</c>, <c>jpeg</c>, <c>gif</c>, <c>bmp</c>,
    /// <c>webp</c>, <c>svg</c>, <c>mp3</c>, <c>wav</c>, <c>ogg</c>, <c>flac</c>, <c>aac</c>, <c>m4a</c>, <c>mp4</c>,
    /// <c>mov</c>, <c>webm</c>, <c>mpeg</c>, <c>avi</c>, <c>wmv</c>), or null when it is none of them.
    /// An MP4 with a generic brand whose tracks are all sound tracks counts as <c>m4a</c>.
    /// </summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PngSignature))
        {
            return "png";
        }

        if (content.StartsWith(JpegStart))
        {
            return "jpeg";
        }

        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return "gif";
        }

        if (content.Length >= 12 && content.StartsWith("RIFF"u8))
        {
            return RiffForm(content.Slice(8, 4));
        }

        if (content.StartsWith("OggS\0"u8))
        {
            return "ogg";
        }

        if (content.StartsWith("fLaC"u8))
        {
            return "flac";
        }

        if (content.StartsWith(AsfHeaderGuid))
        {
            return "wmv";
        }

        if (content.StartsWith(EbmlMagic))
        {
            return IsWebm(content) ? "webm" : null;
        }

        if (content.Length >= 12 && content.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return IsoFormat(content);
        }

        if (content.StartsWith(MpegPackHeader) || content.StartsWith(MpegVideoSequenceHeader))
        {
            return "mpeg";
        }

        if (content.StartsWith("ID3"u8))
        {
            return FormatAfterId3Tag(content);
        }

        if (IsBmp(content))
        {
            return "bmp";
        }

        if (IsAdtsStream(content))
        {
            return "aac";
        }

        if (IsMpegAudioStream(content))
        {
            return "mp3";
        }

        return IsSvg(content) ? "svg" : null;
    }

    /// <summary>
    /// Whether a detected format satisfies one entry of an allowed-extension list such as <c>jpg</c>, <c>jpeg</c>,
    /// <c>m4a</c> or <c>mov</c> (case-insensitive, with or without a leading dot).
    /// </summary>
    public static bool Matches(string detected, string allowedExtension)
    {
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(allowedExtension);

        var extension = allowedExtension.StartsWith('.') ? allowedExtension[1..] : allowedExtension;
        var expected = FormatByExtension.GetValueOrDefault(extension, extension);
        return string.Equals(detected, expected, StringComparison.OrdinalIgnoreCase);
    }

    private static string? RiffForm(ReadOnlySpan<byte> form)
    {
        if (form.SequenceEqual("WEBP"u8))
        {
            return "webp";
        }

        if (form.SequenceEqual("WAVE"u8))
        {
            return "wav";
        }

        return form.SequenceEqual("AVI "u8) ? "avi" : null;
    }

    private static bool IsWebm(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, 64)].IndexOf(EbmlDocTypeWebm) >= 0;

    private static string? IsoFormat(ReadOnlySpan<byte> content)
    {
        var brand = Encoding.ASCII.GetString(content.Slice(8, 4));
        if (brand == "qt  ")
        {
            return "mov";
        }

        if (M4aBrands.Contains(brand))
        {
            return "m4a";
        }

        if (!Mp4Brands.Contains(brand))
        {
            return null;
        }

        return IsoTrackHandlers.AreAllSound(content) ? "m4a" : "mp4";
    }

    private static bool IsBmp(ReadOnlySpan<byte> content) =>
        content.Length >= 18
        && content.StartsWith("BM"u8)
        && BitmapInfoHeaderSizes.Contains(BinaryPrimitives.ReadUInt32LittleEndian(content[14..]));

    /// <summary>Skips an ID3v2 tag and names what follows: FLAC and AAC can carry one too; anything else is MP3.</summary>
    private static string? FormatAfterId3Tag(ReadOnlySpan<byte> content)
    {
        if (content.Length < 10 || content[3] is < 2 or > 4 || ((content[6] | content[7] | content[8] | content[9]) & 0x80) != 0)
        {
            return null;
        }

        var hasFooter = (content[5] & 0x10) != 0;
        var tagSize = (content[6] << 21) | (content[7] << 14) | (content[8] << 7) | content[9];
        var audioStart = 10 + tagSize + (hasFooter ? 10 : 0);
        if (audioStart < content.Length)
        {
            var audio = content[audioStart..];
            if (audio.StartsWith("fLaC"u8))
            {
                return "flac";
            }

            if (IsAdtsStream(audio))
            {
                return "aac";
            }
        }

        return "mp3";
    }

    private static bool IsAdtsStream(ReadOnlySpan<byte> content)
    {
        var length = AdtsFrameLength(content);
        return length > 0 && (content.Length < length + 7 || AdtsFrameLength(content[length..]) > 0);
    }

    /// <summary>The frame length of an ADTS header at the start of <paramref name="header"/>, or 0 if there is none.</summary>
    private static int AdtsFrameLength(ReadOnlySpan<byte> header)
    {
        // Sync 0xFFF and layer 00; an MPEG audio frame header never has layer 00.
        if (header.Length < 7 || header[0] != 0xFF || (header[1] & 0xF6) != 0xF0)
        {
            return 0;
        }

        var samplingIndex = (header[2] >> 2) & 0xF;
        var frameLength = ((header[3] & 0x3) << 11) | (header[4] << 3) | (header[5] >> 5);
        return samplingIndex <= 12 && frameLength >= 7 ? frameLength : 0;
    }

    /// <summary>An MPEG audio frame header at the start, followed by another where the next frame should begin.</summary>
    private static bool IsMpegAudioStream(ReadOnlySpan<byte> content)
    {
        var length = MpegAudioFrame.Length(content);
        return length > 0 && (content.Length < length + 4 || MpegAudioFrame.Length(content[length..]) > 0);
    }

    private static bool IsSvg(ReadOnlySpan<byte> content)
    {
        var text = content[..Math.Min(content.Length, SvgSearchLength)];
        if (text.StartsWith(Utf8ByteOrderMark))
        {
            text = text[Utf8ByteOrderMark.Length..];
        }

        text = text.TrimStart(" \t\r\n"u8);
        if (text.StartsWith("<svg"u8))
        {
            return true;
        }

        var isXmlPrologue = text.StartsWith("<?xml"u8) || text.StartsWith("<!--"u8) || text.StartsWith("<!DOCTYPE svg"u8);
        return isXmlPrologue && text.IndexOf("<svg"u8) >= 0;
    }
}
