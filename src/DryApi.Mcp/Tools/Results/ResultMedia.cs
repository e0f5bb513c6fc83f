namespace DryApi.Mcp.Tools.Results;

/// <summary>What a result URL points at, judged by its file name.</summary>
internal static class ResultMedia
{
    private static readonly Dictionary<string, string> TypesByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp",
        [".gif"] = "image/gif",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".mov"] = "video/quicktime",
        [".mp3"] = "audio/mpeg",
        [".wav"] = "audio/wav",
        [".flac"] = "audio/flac",
        [".ogg"] = "audio/ogg",
        [".txt"] = "text/plain",
        [".srt"] = "text/plain",
        [".vtt"] = "text/vtt",
        [".json"] = "application/json",
    };

    public static string TypeOf(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? TypesByExtension.GetValueOrDefault(Path.GetExtension(uri.AbsolutePath), "application/octet-stream")
            : "application/octet-stream";

    public static bool IsText(string mediaType) => mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType == "application/json";

    public static string FileName(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && Path.GetFileName(uri.AbsolutePath) is { Length: > 0 } name ? name : "result";
}
