namespace DryApi.Client.Media;

/// <summary>
/// Reads and checks the header of a file whose format <see cref="MediaSniffer"/> detected, so a file that only starts
/// like a PNG (or a WAV, an MP4…) and goes on with anything else is told apart from a real one.
/// </summary>
public static class MediaHeaders
{
    /// <summary>
    /// The header of <paramref name="content"/> read as <paramref name="format"/> (a name <see cref="MediaSniffer.Detect"/>
    /// returns), or null when it is missing, cut short or inconsistent. SVG is a vector drawing with no pixel size to check
    /// or price by, so any detected SVG passes with an empty header.
    /// </summary>
    public static MediaHeader? Read(string format, ReadOnlySpan<byte> content) => format switch
    {
        "png" => ImageHeaders.Png(content),
        "jpeg" => ImageHeaders.Jpeg(content),
        "gif" => ImageHeaders.Gif(content),
        "bmp" => ImageHeaders.Bmp(content),
        "webp" => ImageHeaders.Webp(content),
        "svg" => new MediaHeader(),
        "wav" => AudioHeaders.Wav(content),
        "mp3" => AudioHeaders.Mp3(content),
        "aac" => AudioHeaders.Aac(content),
        "flac" => AudioHeaders.Flac(content),
        "ogg" => OggHeader.Read(content),
        "mp4" or "mov" or "m4a" => ContainerHeaders.IsoMovie(content),
        "webm" => ContainerHeaders.Webm(content),
        "avi" => ContainerHeaders.Avi(content),
        "wmv" => ContainerHeaders.Asf(content),
        "mpeg" => ContainerHeaders.MpegProgram(content),
        _ => null,
    };

    /// <summary>Whether <paramref name="format"/> is a raster image format, whose header gives its pixel size.</summary>
    public static bool IsRasterImage(string format) => format is "png" or "jpeg" or "gif" or "bmp" or "webp";

    /// <summary>A file kind for messages: image, audio or video.</summary>
    public static string Kind(string format) => format switch
    {
        "png" or "jpeg" or "gif" or "bmp" or "webp" or "svg" => "image",
        "mp3" or "wav" or "aac" or "flac" or "m4a" => "audio",
        "ogg" or "webm" => "audio or video",
        _ => "video",
    };
}
