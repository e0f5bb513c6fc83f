using System.Text;

namespace DryApi.Mcp.Tests.Support;

/// <summary>The kinds of result a tool produces, and how to recognise media by its first bytes.</summary>
public enum ResultKind
{
    Png,
    Mp4,
    Wav,
    Mp3,
    Flac,

    /// <summary>Text inline in the result (transcript, OCR text, embedding JSON).</summary>
    InlineText,

    /// <summary>A price quote in US dollars.</summary>
    Price,

    Balance,
    Models,

    /// <summary>A synchronous answer (an improved or sample prompt).</summary>
    Prompt,
}

public static class MediaSignature
{
    public static bool Matches(ResultKind kind, ReadOnlySpan<byte> bytes) => kind switch
    {
        ResultKind.Png => bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
        ResultKind.Mp4 => bytes.Length > 12 && bytes[4..8].SequenceEqual("ftyp"u8),
        ResultKind.Wav => bytes.Length > 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WAVE"u8),
        ResultKind.Mp3 => bytes.StartsWith("ID3"u8) || (bytes.Length > 2 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0),
        ResultKind.Flac => bytes.StartsWith("fLaC"u8),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a media kind."),
    };

    public static bool IsMedia(ResultKind kind) => kind is ResultKind.Png or ResultKind.Mp4 or ResultKind.Wav or ResultKind.Mp3 or ResultKind.Flac;

    public static string Describe(ReadOnlySpan<byte> bytes) =>
        Convert.ToHexString(bytes[..Math.Min(12, bytes.Length)]) + " " + Encoding.ASCII.GetString(bytes[..Math.Min(12, bytes.Length)]);
}
