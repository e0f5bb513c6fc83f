using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DryApi.Client.Media;
using DryApi.Simulator.Wire;

namespace DryApi.Simulator.Jobs;

/// <summary>
/// What the simulator reads from a job's inputs to size and price its work: the pixel size and length that the files'
/// headers give (an image without one reads as 1024×1024; media without a length in its header, or a URL, get a
/// deterministic made-up one).
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

        return input.Files(fileField) is [var file, ..] && PictureSize(file.Content) is { } size ? size : (DefaultImageSide, DefaultImageSide);
    }

    /// <summary>The pixel size an image's or video's header gives, if it gives one.</summary>
    public static (int Width, int Height)? PictureSize(byte[] content) =>
        Header(content) is { Width: { } width, Height: { } height } ? (width, height) : null;

    /// <summary>A media file's length in seconds as its header gives it, otherwise one second per 16 kB; at least one.</summary>
    public static double FileSeconds(byte[] content) =>
        Math.Max(1, Math.Round(Header(content)?.Seconds ?? (content.Length / 16_000.0), 3));

    public static MediaHeader? Header(byte[] content) =>
        MediaSniffer.Detect(content) is { } format ? MediaHeaders.Read(format, content) : null;

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
