using DryApi.Client.Contract;
using DryApi.Simulator.Media;
using ModelContextProtocol.Client;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Mcp.Tests.Support;

/// <summary>
/// Valid arguments for one tool, the dryAPI operation the call must reach, and the kind of result it must give.
/// <see cref="Arguments"/> may call other tools first (check_job_status needs a job).
/// </summary>
public sealed record ToolSample(string Tool, IDryApiOperation Operation, ResultKind Result, Func<McpClient, Task<Dictionary<string, object?>>> Arguments)
{
    public override string ToString() => Tool;
}

/// <summary>
/// A sample call for every tool the server lists, with models and values inside the simulator catalogue's limits
/// (<c>src/DryApi.Simulator/Data/models.json</c>). A tool without a sample fails <c>EveryToolTests</c>.
/// </summary>
public static class ToolSamples
{
    public static string Png(int size = 64) => Convert.ToBase64String(SampleMedia.Png(size, size));

    public static string Wav(double seconds = 4) => Convert.ToBase64String(SampleMedia.Wav(seconds));

    public static string Mp4() => Convert.ToBase64String(SampleMedia.Mp4(256, 256, 2));

    public static Dictionary<string, object?> TextToImage(string prompt = "a red fox in the snow") => new()
    {
        ["prompt"] = prompt,
        ["model"] = "Flux1schnell",
        ["width"] = 512,
        ["height"] = 512,
        ["guidance"] = 0,
        ["steps"] = 4,
        ["seed"] = 42,
    };

    public static IReadOnlyDictionary<string, ToolSample> All { get; } = Build(
    [
        .. Paid("text_to_image", DryApiOperations.TextToImage, TextToImagePrice, ResultKind.Png, TextToImage()),
        .. Paid("image_to_image", ImageToImage, ImageToImagePrice, ResultKind.Png, new()
        {
            ["prompt"] = "make it autumn", ["model"] = "QwenImageEdit_Plus_NF4", ["images"] = new[] { Png(), Png(48) },
            ["guidance"] = 4.5, ["steps"] = 8, ["seed"] = 3,
        }),
        .. Paid("image_to_text", ImageToText, ImageToTextPrice, ResultKind.InlineText, new()
        {
            ["image"] = Png(), ["model"] = "Nanonets_Ocr_S_F16", ["format"] = "text",
        }),
        .. Paid("image_remove_background", ImageRemoveBackground, ImageRemoveBackgroundPrice, ResultKind.Png, new()
        {
            ["image"] = "data:image/png;base64," + Png(), ["model"] = "Ben2",
        }),
        .. Paid("image_upscale", ImageUpscale, ImageUpscalePrice, ResultKind.Png, new() { ["image"] = Png(), ["model"] = "RealESRGAN_x4plus" }),
        .. Paid("text_to_video", TextToVideo, TextToVideoPrice, ResultKind.Mp4, new()
        {
            ["prompt"] = "waves at dusk", ["model"] = "Ltx2_19B_Dist_FP8", ["width"] = 768, ["height"] = 768, ["guidance"] = 1,
            ["steps"] = 8, ["frames"] = 49, ["fps"] = 24, ["seed"] = -1,
        }),
        .. Paid("image_to_video", ImageToVideo, ImageToVideoPrice, ResultKind.Mp4, new()
        {
            ["prompt"] = "the fox starts running", ["first_frame_image"] = Png(), ["model"] = "Ltx2_19B_Dist_FP8", ["width"] = 768,
            ["height"] = 768, ["guidance"] = 1, ["steps"] = 8, ["frames"] = 49, ["seed"] = 7,
        }),
        .. Paid("audio_to_video", AudioToVideo, AudioToVideoPrice, ResultKind.Mp4, new()
        {
            ["prompt"] = "a singer on stage", ["audio"] = Wav(), ["model"] = "Ltx2_3_19B_Dist_INT8", ["width"] = 1024, ["height"] = 576,
            ["frames"] = 121, ["seed"] = 1,
        }),
        .. Paid("video_remove_background", VideoRemoveBackground, VideoRemoveBackgroundPrice, ResultKind.Mp4, new() { ["video"] = Mp4(), ["model"] = "Ben2" }),
        .. Paid("video_upscale", VideoUpscale, VideoUpscalePrice, ResultKind.Mp4, new() { ["video"] = Mp4(), ["model"] = "RealESRGAN_Vid_x2" }),
        .. Paid("text_to_audio", TextToSpeech, TextToSpeechPrice, ResultKind.Mp3, TextToAudio("mp3")),
        .. Paid("text_to_music", TextToMusic, TextToMusicPrice, ResultKind.Flac, new()
        {
            ["caption"] = "calm lo-fi piano", ["model"] = "ACE-Step-v1.5-turbo", ["lyrics"] = "[Instrumental]", ["duration"] = 10,
            ["inference_steps"] = 8, ["guidance_scale"] = 7, ["seed"] = -1, ["format"] = "flac",
        }),
        .. Paid("video_url_transcription", VideoUrlTranscription, VideoUrlTranscriptionPrice, ResultKind.InlineText, new()
        {
            ["video_url"] = "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ["include_ts"] = true, ["model"] = "WhisperLargeV3",
        }),
        .. Paid("audio_url_transcription", AudioUrlTranscription, AudioUrlTranscriptionPrice, ResultKind.InlineText, new()
        {
            ["audio_url"] = "https://twitter.com/i/spaces/1nAKEERkeLbKL", ["include_ts"] = false, ["model"] = "WhisperLargeV3",
        }),
        .. Paid("video_file_transcription", VideoFileTranscription, VideoFileTranscriptionPrice, ResultKind.InlineText, new()
        {
            ["video"] = Mp4(), ["include_ts"] = true, ["model"] = "WhisperLargeV3",
        }),
        .. Paid("audio_transcription", AudioFileTranscription, AudioFileTranscriptionPrice, ResultKind.InlineText, new()
        {
            ["audio"] = Wav(), ["include_ts"] = false, ["model"] = "WhisperLargeV3",
        }),
        .. Paid("text_to_embedding", TextToEmbedding, TextToEmbeddingPrice, ResultKind.InlineText, new()
        {
            ["input"] = new[] { "one", "two" }, ["model"] = "Bge_M3_FP16",
        }),
        .. Paid("image_prompt_booster", ImagePromptBooster, ImagePromptBoosterPrice, ResultKind.Prompt, new()
        {
            ["prompt"] = "a cat in a hat", ["negative_prompt"] = "blurry",
        }),
        .. Paid("video_prompt_booster", VideoPromptBooster, VideoPromptBoosterPrice, ResultKind.Prompt, new()
        {
            ["prompt"] = "a cat running", ["image"] = Png(),
        }),
        .. Paid("image_to_image_prompt_booster", ImageEditPromptBooster, ImageEditPromptBoosterPrice, ResultKind.Prompt, new()
        {
            ["prompt"] = "add a hat", ["image"] = Png(),
        }),
        .. Paid("speech_prompt_booster", SpeechPromptBooster, SpeechPromptBoosterPrice, ResultKind.Prompt, new()
        {
            ["prompt"] = "welcome message", ["lang_code"] = "en",
        }),
        .. Paid("sample_prompt", SamplePrompts, SamplePromptsPrice, ResultKind.Prompt, new() { ["type"] = "text2image", ["topic"] = "cyberpunk city" }),
        Free("get_balance", Balance, ResultKind.Balance, []),
        Free("get_available_models", DryApiOperations.Models, ResultKind.Models, new() { ["inference_type"] = "txt2img" }),
        new ToolSample("check_job_status", RequestStatus, ResultKind.Wav, async client =>
        {
            var submitted = await client.CallToolAsync("text_to_audio", TextToAudio("wav"), cancellationToken: TestContext.Current.CancellationToken);
            var requestId = submitted.StructuredContent!.Value.GetProperty("request_id").GetString();
            return new() { ["request_id"] = requestId, ["wait_seconds"] = 30 };
        }),
    ]);

    public static Dictionary<string, object?> TextToAudio(string format) => new()
    {
        ["text"] = "Hello from the simulator.", ["model"] = "Kokoro", ["voice"] = "af_sky", ["lang"] = "en-us", ["speed"] = 1,
        ["format"] = format, ["sample_rate"] = 24000,
    };

    /// <summary>A paid tool and its free <c>_price</c> twin, which takes the same arguments.</summary>
    private static IEnumerable<ToolSample> Paid(string tool, IDryApiOperation run, IDryApiOperation quote, ResultKind result, Dictionary<string, object?> arguments) =>
    [
        Free(tool, run, result, arguments),
        Free(tool + "_price", quote, ResultKind.Price, arguments),
    ];

    private static ToolSample Free(string tool, IDryApiOperation operation, ResultKind result, Dictionary<string, object?> arguments) =>
        new(tool, operation, result, _ => Task.FromResult(arguments));

    private static Dictionary<string, ToolSample> Build(IEnumerable<ToolSample> samples) => samples.ToDictionary(sample => sample.Tool, StringComparer.Ordinal);
}
