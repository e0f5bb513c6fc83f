using System.Text.Json.Nodes;
using DryApi.Simulator.Media;

namespace DryApi.Mcp.Tests.Catalog;

/// <summary>A <c>tools/call</c> argument object for a capability's tool, named for the mode or form it exercises.</summary>
internal sealed record ToolArgumentCase(string Tool, string Label, JsonObject Arguments)
{
    public string Name => $"{Tool} ({Label})";
}

/// <summary>A bad argument object, and the argument the refusal must name.</summary>
internal sealed record RefusedArgumentCase(string Tool, string Label, JsonObject Arguments, string Argument)
{
    public string Name => $"{Tool} ({Label})";
}

/// <summary>
/// Arguments for every capability and each of its modes, valid for the simulator's model catalogue, and arguments that
/// break each rule a tool checks itself.
/// </summary>
internal static class ToolArgumentCases
{
    private static readonly string Png = Convert.ToBase64String(SampleMedia.Png(64, 64));
    private static readonly string PngDataUri = "data:image/png;base64," + Png;
    private static readonly string Jpeg = Convert.ToBase64String(SampleMedia.Jpeg());
    private static readonly string Wav = Convert.ToBase64String(SampleMedia.Wav(4));
    private static readonly string Mp3 = Convert.ToBase64String(SampleMedia.Mp3(4));
    private static readonly string Mp4 = Convert.ToBase64String(SampleMedia.Mp4(256, 256, 2));

    public static IReadOnlyList<ToolArgumentCase> Valid { get; } =
    [
        new("text_to_image", "required only", new() { ["prompt"] = "a red fox in the snow", ["model"] = "Flux1schnell", ["width"] = 512, ["height"] = 512, ["guidance"] = 0, ["steps"] = 4 }),
        new("text_to_image", "loras, negative prompt, seed", new()
        {
            ["prompt"] = "a red fox", ["negative_prompt"] = "blurry", ["model"] = "Flux1schnell", ["width"] = 768, ["height"] = 512,
            ["guidance"] = 0, ["steps"] = 4, ["seed"] = 42, ["loras"] = new JsonArray(new JsonObject { ["name"] = "flux1_anime", ["weight"] = 0.8 }),
        }),
        new("image_to_image", "one image", new() { ["prompt"] = "make it winter", ["model"] = "Flux_2_Klein_4B_BF16", ["image"] = PngDataUri, ["steps"] = 4 }),
        new("image_to_image", "several images", new()
        {
            ["prompt"] = "combine both", ["negative_prompt"] = "text", ["model"] = "QwenImageEdit_Plus_NF4", ["images"] = new JsonArray(Png, Jpeg),
            ["width"] = 512, ["height"] = 512, ["guidance"] = 4, ["steps"] = 8, ["seed"] = 3,
        }),
        new("image_to_image", "loras", new()
        {
            ["prompt"] = "as a line drawing", ["model"] = "Flux_2_Klein_4B_BF16", ["image"] = Png, ["steps"] = 4,
            ["loras"] = new JsonArray(new JsonObject { ["name"] = "flux2_klein_line_art", ["weight"] = 1 }),
        }),
        new("image_to_text", "text", new() { ["image"] = Png, ["model"] = "Nanonets_Ocr_S_F16" }),
        new("image_to_text", "json in a language", new() { ["image"] = PngDataUri, ["model"] = "Nanonets_Ocr_S_F16", ["language"] = "en", ["format"] = "json" }),
        new("image_remove_background", "image", new() { ["image"] = Png, ["model"] = "Ben2" }),
        new("image_upscale", "image", new() { ["image"] = Png, ["model"] = "RealESRGAN_x4plus" }),
        new("text_to_video", "required only", new()
        {
            ["prompt"] = "waves at dusk", ["model"] = "Ltx2_19B_Dist_FP8", ["width"] = 768, ["height"] = 768, ["guidance"] = 1, ["steps"] = 8, ["frames"] = 49,
        }),
        new("text_to_video", "fps, negative prompt, seed", new()
        {
            ["prompt"] = "waves at dusk", ["negative_prompt"] = "people", ["model"] = "Ltx2_3_19B_Dist_INT8", ["width"] = 768, ["height"] = 512,
            ["guidance"] = 1, ["steps"] = 8, ["frames"] = 49, ["fps"] = 24, ["seed"] = 11,
        }),
        new("image_to_video", "first frame", new()
        {
            ["prompt"] = "the fox starts running", ["first_frame_image"] = Png, ["model"] = "Ltx2_19B_Dist_FP8", ["width"] = 768, ["height"] = 768,
            ["guidance"] = 1, ["steps"] = 8, ["frames"] = 49,
        }),
        new("image_to_video", "first and last frame", new()
        {
            ["prompt"] = "the fox turns around", ["first_frame_image"] = Png, ["last_frame_image"] = Jpeg, ["model"] = "Ltx2_19B_Dist_FP8",
            ["width"] = 768, ["height"] = 768, ["guidance"] = 1, ["steps"] = 8, ["frames"] = 49, ["fps"] = 24, ["seed"] = 5,
        }),
        new("audio_to_video", "audio only", new()
        {
            ["prompt"] = "a singer on stage", ["audio"] = Wav, ["model"] = "Ltx2_3_19B_Dist_INT8", ["width"] = 1024, ["height"] = 576, ["frames"] = 121,
        }),
        new("audio_to_video", "audio and frames", new()
        {
            ["prompt"] = "a singer on stage", ["audio"] = Mp3, ["first_frame_image"] = Png, ["last_frame_image"] = Png, ["model"] = "Ltx2_3_19B_Dist_INT8",
            ["width"] = 768, ["height"] = 768, ["guidance"] = 1, ["steps"] = 8, ["frames"] = 97, ["fps"] = 24, ["seed"] = 9,
        }),
        new("video_remove_background", "video", new() { ["video"] = Mp4, ["model"] = "Ben2" }),
        new("video_upscale", "video", new() { ["video"] = Mp4, ["model"] = "RealESRGAN_Vid_x2" }),
        new("text_to_audio", "custom_voice by default", new()
        {
            ["text"] = "Hello there.", ["model"] = "Kokoro", ["voice"] = "af_sky", ["lang"] = "en-us", ["speed"] = 1, ["format"] = "wav", ["sample_rate"] = 24000,
        }),
        new("text_to_audio", "custom_voice with style", new()
        {
            ["text"] = "Hello there.", ["model"] = "Qwen3_TTS", ["mode"] = "custom_voice", ["voice"] = "Vivian", ["instruct"] = "cheerful",
            ["lang"] = "English", ["speed"] = 1, ["format"] = "mp3", ["sample_rate"] = 24000,
        }),
        new("text_to_audio", "voice_clone", new()
        {
            ["text"] = "Hello there.", ["model"] = "Qwen3_TTS_12Hz_1_7B_Base", ["mode"] = "voice_clone", ["ref_audio"] = Wav, ["ref_text"] = "A sample.",
            ["lang"] = "English", ["speed"] = 1, ["format"] = "mp3", ["sample_rate"] = 24000,
        }),
        new("text_to_audio", "voice_design", new()
        {
            ["text"] = "Hello there.", ["model"] = "Qwen3_TTS_12Hz_1_7B_VoiceDesign", ["mode"] = "voice_design", ["instruct"] = "a deep, slow voice",
            ["lang"] = "English", ["speed"] = 1, ["format"] = "flac", ["sample_rate"] = 24000,
        }),
        new("text_to_music", "instrumental", new()
        {
            ["caption"] = "calm lo-fi piano", ["model"] = "ACE-Step-v1.5-turbo", ["lyrics"] = "[Instrumental]", ["duration"] = 10,
            ["inference_steps"] = 8, ["guidance_scale"] = 7, ["format"] = "mp3",
        }),
        new("text_to_music", "song with reference", new()
        {
            ["caption"] = "upbeat pop", ["model"] = "ACE-Step-v1.5-turbo", ["lyrics"] = "la la la", ["duration"] = 30, ["bpm"] = 120,
            ["keyscale"] = "C major", ["timesignature"] = 4, ["vocal_language"] = "en", ["inference_steps"] = 8, ["guidance_scale"] = 7,
            ["seed"] = 21, ["format"] = "wav", ["reference_audio"] = Wav,
        }),
        new("video_url_transcription", "with model", new() { ["video_url"] = "https://www.youtube.com/watch?v=jNQXAC9IVRw", ["include_ts"] = true, ["model"] = "WhisperLargeV3" }),
        new("video_url_transcription", "default model", new() { ["video_url"] = "https://www.youtube.com/watch?v=jNQXAC9IVRw", ["include_ts"] = false }),
        new("audio_url_transcription", "space", new() { ["audio_url"] = "https://twitter.com/i/spaces/1nAKEERkeLbKL", ["include_ts"] = true, ["model"] = "WhisperLargeV3" }),
        new("video_file_transcription", "video", new() { ["video"] = Mp4, ["include_ts"] = true, ["model"] = "WhisperLargeV3" }),
        new("audio_transcription", "audio", new() { ["audio"] = Mp3, ["include_ts"] = false, ["model"] = "WhisperLargeV3" }),
        new("audio_transcription", "default model", new() { ["audio"] = Wav, ["include_ts"] = true }),
        new("text_to_embedding", "one text", new() { ["input"] = "hello world", ["model"] = "Bge_M3_FP16" }),
        new("text_to_embedding", "several texts", new() { ["input"] = new JsonArray("first", "second", "third"), ["model"] = "Bge_M3_FP16" }),
        new("image_prompt_booster", "prompt", new() { ["prompt"] = "a fox in the snow" }),
        new("image_prompt_booster", "prompt and negative", new() { ["prompt"] = "a fox in the snow", ["negative_prompt"] = "blurry" }),
        new("video_prompt_booster", "text", new() { ["prompt"] = "waves at sunset" }),
        new("video_prompt_booster", "with image", new() { ["prompt"] = "the fox runs", ["negative_prompt"] = "static", ["image"] = Png }),
        new("image_to_image_prompt_booster", "image", new() { ["prompt"] = "make it winter", ["image"] = Png }),
        new("speech_prompt_booster", "language", new() { ["prompt"] = "Welcome to the show, 2 guests today.", ["lang_code"] = "en" }),
        new("sample_prompt", "image", new() { ["type"] = "text2image", ["topic"] = "space travel" }),
        new("sample_prompt", "speech", new() { ["type"] = "text2speech", ["lang_code"] = "en" }),
    ];

    public static IReadOnlyList<RefusedArgumentCase> Refused { get; } =
    [
        new("text_to_audio", "the model's default mode voice_clone without ref_audio", Speech(("model", "Qwen3_TTS_12Hz_1_7B_Base")), "ref_audio"),
        new("text_to_audio", "custom_voice without voice, model without a default voice", Speech(("model", "Qwen3_TTS_12Hz_1_7B_Base"), ("mode", "custom_voice")), "voice"),
        new("text_to_audio", "voice_clone without ref_audio", Speech(("mode", "voice_clone")), "ref_audio"),
        new("text_to_audio", "voice_design without instruct", Speech(("mode", "voice_design")), "instruct"),
        new("text_to_audio", "ref_audio outside voice_clone", Speech(("voice", "af_sky"), ("ref_audio", Wav)), "ref_audio"),
        new("text_to_audio", "ref_text outside voice_clone", Speech(("mode", "voice_design"), ("instruct", "calm"), ("ref_text", "hi")), "ref_text"),
        new("text_to_audio", "unknown mode", Speech(("mode", "clone"), ("voice", "af_sky")), "mode"),
        new("text_to_audio", "ref_audio that is an image", Speech(("mode", "voice_clone"), ("ref_audio", Png)), "ref_audio"),
        new("image_to_image", "image and images", ImageEdit(("image", Png), ("images", new JsonArray(Png))), "images"),
        new("image_to_image", "negative LoRA weight", ImageEdit(("image", Png), ("loras", new JsonArray(new JsonObject { ["name"] = "flux2_klein_line_art", ["weight"] = -1 }))), "loras[0].weight"),
        new("image_to_image", "no image", ImageEdit(), "image"),
        new("image_to_image", "empty images", ImageEdit(("images", new JsonArray())), "images"),
        new("image_to_image", "second image not an image", ImageEdit(("images", new JsonArray(Png, Wav))), "images[1]"),
        new("text_to_embedding", "empty list", Embedding(new JsonArray()), "input"),
        new("text_to_embedding", "2049 texts", Embedding(new JsonArray([.. Enumerable.Range(0, 2049).Select(index => JsonValue.Create($"text {index}"))])), "input"),
        new("text_to_embedding", "a number", Embedding(42), "input"),
        new("text_to_embedding", "a list with a number", Embedding(new JsonArray("text", 1)), "input"),
        new("text_to_music", "duration under 10 s", Music(("duration", 5)), "duration"),
        new("text_to_music", "duration over 600 s", Music(("duration", 601)), "duration"),
        new("text_to_music", "bpm over 300", Music(("bpm", 301)), "bpm"),
        new("text_to_music", "bpm under 30", Music(("bpm", 29)), "bpm"),
        new("text_to_music", "time signature 5", Music(("timesignature", 5)), "timesignature"),
        new("text_to_music", "inference steps 0", Music(("inference_steps", 0)), "inference_steps"),
        new("text_to_music", "guidance scale 21", Music(("guidance_scale", 21)), "guidance_scale"),
        new("text_to_image", "steps above the model's max_steps", new() { ["prompt"] = "p", ["model"] = "Flux1schnell", ["steps"] = 11 }, "steps"),
        new("text_to_image", "width above the model's max_width", new() { ["prompt"] = "p", ["model"] = "Flux1schnell", ["width"] = 4096 }, "width"),
        new("text_to_video", "fps above the model's max_fps", new() { ["prompt"] = "p", ["model"] = "Ltx2_19B_Dist_FP8", ["fps"] = 60 }, "fps"),
        new("text_to_audio", "speed above the model's max_speed", Speech(("model", "Kokoro"), ("voice", "af_sky"), ("speed", 3)), "speed"),
        new("text_to_image", "a slug dryAPI does not list", new() { ["prompt"] = "p", ["model"] = "NoSuchModel" }, "model"),
        new("image_to_text", "format xml", new() { ["image"] = Png, ["model"] = "Nanonets_Ocr_S_F16", ["format"] = "xml" }, "format"),
        new("image_to_video", "first frame not base64", new()
        {
            ["prompt"] = "p", ["first_frame_image"] = "not a file!", ["model"] = "Ltx2_19B_Dist_FP8", ["width"] = 768, ["height"] = 768,
            ["guidance"] = 1, ["steps"] = 8, ["frames"] = 49,
        }, "first_frame_image"),
        new("audio_to_video", "audio that is an image", new()
        {
            ["prompt"] = "p", ["audio"] = Png, ["model"] = "Ltx2_3_19B_Dist_INT8", ["width"] = 1024, ["height"] = 576, ["frames"] = 121,
        }, "audio"),
        new("video_upscale", "video that is audio", new() { ["video"] = Wav, ["model"] = "RealESRGAN_Vid_x2" }, "video"),
        new("audio_transcription", "no include_ts", new() { ["audio"] = Wav }, "include_ts"),
        new("text_to_image", "http webhook", new()
        {
            ["prompt"] = "p", ["model"] = "Flux1schnell", ["width"] = 512, ["height"] = 512, ["guidance"] = 0, ["steps"] = 4, ["webhook_url"] = "http://example.com/hook",
        }, "webhook_url"),
        new("image_prompt_booster", "prompt of 2 characters", new() { ["prompt"] = "ab" }, "prompt"),
        new("video_prompt_booster", "negative prompt of 2 characters", new() { ["prompt"] = "waves", ["negative_prompt"] = "ab" }, "negative_prompt"),
        new("image_to_image_prompt_booster", "no image", new() { ["prompt"] = "make it winter" }, "image"),
        new("speech_prompt_booster", "prompt of 2 characters", new() { ["prompt"] = "hi" }, "prompt"),
        new("sample_prompt", "type image", new() { ["type"] = "image" }, "type"),
        new("sample_prompt", "topic of 501 characters", new() { ["type"] = "text2image", ["topic"] = new string('a', 501) }, "topic"),
        new("sample_prompt", "lang_code of 5 characters", new() { ["type"] = "text2speech", ["lang_code"] = "en-US" }, "lang_code"),
    ];

    private static JsonObject Speech(params (string Name, JsonNode Value)[] extra) =>
        With(new() { ["text"] = "Hello.", ["model"] = "Qwen3_TTS", ["lang"] = "English", ["speed"] = 1, ["format"] = "mp3", ["sample_rate"] = 24000 }, extra);

    private static JsonObject ImageEdit(params (string Name, JsonNode Value)[] extra) =>
        With(new() { ["prompt"] = "make it winter", ["model"] = "QwenImageEdit_Plus_NF4", ["steps"] = 8 }, extra);

    private static JsonObject Music(params (string Name, JsonNode Value)[] extra) =>
        With(new()
        {
            ["caption"] = "calm piano", ["model"] = "ACE-Step-v1.5-turbo", ["lyrics"] = "[Instrumental]", ["duration"] = 30,
            ["inference_steps"] = 8, ["guidance_scale"] = 7, ["format"] = "mp3",
        }, extra);

    private static JsonObject Embedding(JsonNode input) => new() { ["input"] = input, ["model"] = "Bge_M3_FP16" };

    private static JsonObject With(JsonObject arguments, (string Name, JsonNode Value)[] extra)
    {
        foreach (var (name, value) in extra)
        {
            arguments[name] = value;
        }

        return arguments;
    }
}
