namespace DryApi.Mcp.Tools.Models;

/// <summary>
/// The model the server uses when a call names none: one dryAPI documents for that inference type and that runs fast
/// and cheap. When dryAPI does not list it, the first model it lists for the type is used.
/// </summary>
internal static class PreferredModels
{
    private static readonly Dictionary<string, string> ByInferenceType = new(StringComparer.Ordinal)
    {
        ["txt2img"] = "Flux1schnell",
        ["img2img"] = "Flux_2_Klein_4B_BF16",
        ["txt2video"] = "Ltx2_19B_Dist_FP8",
        ["img2video"] = "Ltx2_19B_Dist_FP8",
        ["audio2video"] = "Ltx2_3_19B_Dist_INT8",
        ["txt2audio"] = "Kokoro",
        ["txt2music"] = "ACE-Step-v1.5-turbo",
        ["txt2embedding"] = "Bge_M3_INT8",
        ["img2txt"] = "Nanonets_Ocr_S_F16",
        ["video2text"] = "WhisperLargeV3",
        ["audio2text"] = "WhisperLargeV3",
        ["video_file2text"] = "WhisperLargeV3",
        ["audio_file2text"] = "WhisperLargeV3",
        ["img-rmbg"] = "Ben2",
        ["vid-rmbg"] = "Ben2",
        ["img-upscale"] = "RealESRGAN_x4plus",
        ["vid-upscale"] = "RealESRGAN_Vid_x2",
    };

    public static string? For(string inferenceType) => ByInferenceType.GetValueOrDefault(inferenceType);
}
