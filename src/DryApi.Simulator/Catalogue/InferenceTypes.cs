namespace DryApi.Simulator.Catalogue;

/// <summary>
/// dryAPI's inference type names. Sources spell them differently (the models page says <c>aud2video</c>, the API
/// reports <c>audio2video</c>; the OpenAPI filter uses job-type names such as <c>vid2txt</c> and <c>img_rmbg</c>),
/// so every spelling is read as one canonical name, the one the contract uses.
/// </summary>
internal static class InferenceTypes
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["aud2video"] = "audio2video",
        ["vid2txt"] = "video2text",
        ["aud2txt"] = "audio2text",
        ["videofile2txt"] = "video_file2text",
        ["audiofile2txt"] = "audio_file2text",
        ["img_rmbg"] = "img-rmbg",
        ["img_upscale"] = "img-upscale",
        ["vid_rmbg"] = "vid-rmbg",
        ["vid_upscale"] = "vid-upscale",
    };

    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["txt2img"] = "Text To Image",
        ["img2img"] = "Image To Image",
        ["txt2video"] = "Text To Video",
        ["img2video"] = "Image To Video",
        ["audio2video"] = "Audio To Video",
        ["txt2audio"] = "Text To Speech",
        ["txt2music"] = "Text To Music",
        ["txt2embedding"] = "Text To Embedding",
        ["img2txt"] = "Image To Text",
        ["video2text"] = "Video To Text",
        ["audio2text"] = "Audio To Text",
        ["video_file2text"] = "Video File To Text",
        ["audio_file2text"] = "Audio File To Text",
        ["img-rmbg"] = "Background Removal",
        ["img-upscale"] = "Image Upscale",
        ["vid-rmbg"] = "Video Background Removal",
        ["vid-upscale"] = "Video Upscale",
    };

    /// <summary>The transcription types, whose <c>model</c> may be left out: dryAPI then uses Whisper.</summary>
    private static readonly HashSet<string> Transcriptions = new(StringComparer.Ordinal)
    {
        "video2text", "audio2text", "video_file2text", "audio_file2text",
    };

    public const string DefaultTranscriptionModel = "WhisperLargeV3";

    public static string Canonical(string name)
    {
        var trimmed = name.Trim();
        return Aliases.GetValueOrDefault(trimmed, trimmed);
    }

    public static string Title(string inferenceType) => Titles.GetValueOrDefault(Canonical(inferenceType), inferenceType);

    public static bool IsTranscription(string inferenceType) => Transcriptions.Contains(Canonical(inferenceType));
}
