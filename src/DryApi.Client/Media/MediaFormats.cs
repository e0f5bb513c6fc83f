namespace DryApi.Client.Media;

/// <summary>The media type and usual file extension of each format <see cref="MediaSniffer"/> detects.</summary>
public static class MediaFormats
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["png"] = "image/png",
        ["jpeg"] = "image/jpeg",
        ["gif"] = "image/gif",
        ["bmp"] = "image/bmp",
        ["webp"] = "image/webp",
        ["svg"] = "image/svg+xml",
        ["mp3"] = "audio/mpeg",
        ["wav"] = "audio/wav",
        ["ogg"] = "audio/ogg",
        ["flac"] = "audio/flac",
        ["aac"] = "audio/aac",
        ["m4a"] = "audio/mp4",
        ["mp4"] = "video/mp4",
        ["mov"] = "video/quicktime",
        ["webm"] = "video/webm",
        ["mpeg"] = "video/mpeg",
        ["avi"] = "video/x-msvideo",
        ["wmv"] = "video/x-ms-wmv",
    };

    public static string ContentType(string format) => ContentTypes.GetValueOrDefault(format, "application/octet-stream");

    public static string Extension(string format) => format == "jpeg" ? "jpg" : format;
}
