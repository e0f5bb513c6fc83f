using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DryApi.Simulator.Wire;

namespace DryApi.Simulator.Jobs;

/// <summary>
/// What the simulator reads from a job's inputs to size and price its work: image dimensions (from a PNG's IHDR
/// chunk; other formats read as 1024×1024) and media durations (from a WAV header, otherwise made up from the
/// file's size or the URL, deterministically).
/// </summary>
internal static class SourceMedia
{
    public const int DefaultImageSide = 1024;

    /// <summary>The <c>width</c>/<c>height</c> fields when both are given, else the size of the named image file.</summary>
    public static (int Width, int Height) ImageSize(RequestInput input, string fileField)
    {
        if (input.Integer("width") is { } width && input.Integer("height") is { } height)
        {
            return ((int)width, (int)height);
        }

        return input.Files(fileField) is [var file, ..] && PngSize(file.Content) is { } size ? size : (DefaultImageSide, DefaultImageSide);
    }

    public static (int Width, int Height)? PngSize(byte[] content)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (content.Length < 24 || !content.AsSpan(0, 8).SequenceEqual(signature) || !content.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            return null;
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(20));
        return width > 0 && height > 0 ? (width, height) : null;
    }

    /// <summary>A media file's length in seconds: a PCM WAV's true length, otherwise one second per 16 kB (at least one).</summary>
    public static double FileSeconds(byte[] content)
    {
        if (content.Length >= 44 && content.AsSpan(0, 4).SequenceEqual("RIFF"u8) && content.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            var bytesPerSecond = BinaryPrimitives.ReadInt32LittleEndian(content.AsSpan(28));
            if (bytesPerSecond > 0)
            {
                return Math.Max(1, Math.Round((content.Length - 44) / (double)bytesPerSecond, 3));
            }
        }

        return Math.Max(1, Math.Round(content.Length / 16_000.0, 3));
    }

    /// <summary>A made-up but stable length for the media behind a URL: one to sixty minutes.</summary>
    public static double UrlSeconds(string url)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(url));
        return 60 + (BinaryPrimitives.ReadUInt32BigEndian(hash) % 3540);
    }

    /// <summary>The length of the media a transcription works on: <c>duration_seconds</c>, a URL's or a file's.</summary>
    public static double TranscriptionSeconds(RequestInput input)
    {
        if (input.Number("duration_seconds") is { } seconds)
        {
            return seconds;
        }

        if ((input.String("video_url") ?? input.String("audio_url")) is { } url)
        {
            return UrlSeconds(url);
        }

        var file = input.Files("video").Concat(input.Files("audio")).FirstOrDefault();
        return file is null ? 60 : FileSeconds(file.Content);
    }
}
