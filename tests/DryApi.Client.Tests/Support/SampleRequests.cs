using DryApi.Client.Contract;
using DryApi.Client.Requests;
using DryApi.Simulator.Media;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Client.Tests.Support;

/// <summary>A valid request for every dryAPI operation, with models and values inside the simulator catalogue's limits.</summary>
internal static class SampleRequests
{
    public static DryApiFile PngFile(string name = "input.png", int size = 64) => new(SampleMedia.Png(size, size), name, "image/png");

    public static DryApiFile WavFile(string name = "input.wav", double seconds = 4) => new(SampleMedia.Wav(seconds), name, "audio/wav");

    public static DryApiFile Mp4File(string name = "input.mp4") => new(SampleMedia.Mp4(256, 256, 2), name, "video/mp4");

    public static TextToImageRequest TextToImageJob(string prompt = "a red fox in the snow") => new()
    {
        Prompt = prompt,
        Model = "Flux1schnell",
        Width = 512,
        Height = 512,
        Guidance = 0,
        Steps = 4,
        Seed = 42,
    };

    public static IReadOnlyDictionary<IDryApiOperation, object> ForEveryOperation() => new Dictionary<IDryApiOperation, object>
    {
        [TextToImage] = TextToImageJob(),
        [TextToImagePrice] = TextToImageJob(),
        [TextToVideo] = new TextToVideoRequest
        {
            Prompt = "waves at dusk", Model = "Ltx2_19B_Dist_FP8", Width = 768, Height = 768, Guidance = 1, Steps = 8, Frames = 49, Fps = 24, Seed = -1,
        },
        [TextToVideoPrice] = new TextToVideoPriceRequest { Model = "Ltx2_19B_Dist_FP8", Width = 768, Height = 768, Steps = 8, Frames = 49, Fps = 24 },
        [ImageToVideo] = new ImageToVideoRequest
        {
            Prompt = "the fox starts running", Model = "Ltx2_19B_Dist_FP8", FirstFrameImage = PngFile("first.png"),
            Width = 768, Height = 768, Guidance = 1, Steps = 8, Frames = 49, Seed = 7,
        },
        [ImageToVideoPrice] = new ImageToVideoPriceRequest { Model = "Ltx2_19B_Dist_FP8", Width = 768, Height = 768, Steps = 8, Frames = 49 },
        [AudioToVideo] = new AudioToVideoRequest
        {
            Prompt = "a singer on stage", Model = "Ltx2_3_19B_Dist_INT8", Audio = WavFile(), Width = 1024, Height = 576, Frames = 121, Seed = 1,
        },
        [AudioToVideoPrice] = new AudioToVideoPriceRequest { Model = "Ltx2_3_19B_Dist_INT8", Width = 1024, Height = 576, Frames = 121 },
        [TextToSpeech] = new TextToSpeechRequest
        {
            Text = "Hello from the simulator.", Model = "Kokoro", Voice = "af_sky", Lang = "en-us", Speed = 1, Format = "wav", SampleRate = 24000,
        },
        [TextToSpeechPrice] = new TextToSpeechPriceRequest
        {
            CountText = 120, Model = "Kokoro", Voice = "af_sky", Lang = "en-us", Speed = 1, Format = "wav", SampleRate = 24000,
        },
        [TextToMusic] = new TextToMusicRequest
        {
            Caption = "calm lo-fi piano", Model = "ACE-Step-v1.5-turbo", Lyrics = "[Instrumental]", Duration = 10, InferenceSteps = 8,
            GuidanceScale = 7, Seed = -1, Format = "mp3",
        },
        [TextToMusicPrice] = new TextToMusicPriceRequest { Model = "ACE-Step-v1.5-turbo", Duration = 10, InferenceSteps = 8 },
        [TextToEmbedding] = new TextToEmbeddingRequest { Input = "embed me", Model = "Bge_M3_FP16", ReturnResultInResponse = true },
        [TextToEmbeddingPrice] = new TextToEmbeddingPriceRequest { Input = EmbeddingInput.Many(["one", "two"]), Model = "Bge_M3_FP16" },
        [ImageToText] = new ImageToTextRequest { Image = PngFile(), Model = "Nanonets_Ocr_S_F16", Format = "text" },
        [ImageToTextPrice] = new ImageToTextPriceRequest { Model = "Nanonets_Ocr_S_F16", Width = 640, Height = 480 },
        [VideoUrlTranscription] = new VideoUrlTranscriptionRequest
        {
            VideoUrl = "https://www.youtube.com/watch?v=dQw4w9WgXcQ", IncludeTs = true, Model = "WhisperLargeV3",
        },
        [VideoUrlTranscriptionPrice] = new VideoUrlTranscriptionPriceRequest
        {
            VideoUrl = "https://www.youtube.com/watch?v=dQw4w9WgXcQ", IncludeTs = false, Model = "WhisperLargeV3",
        },
        [AudioUrlTranscription] = new AudioUrlTranscriptionRequest
        {
            AudioUrl = "https://twitter.com/i/spaces/1nAKEERkeLbKL", IncludeTs = false, Model = "WhisperLargeV3",
        },
        [AudioUrlTranscriptionPrice] = new AudioUrlTranscriptionPriceRequest { DurationSeconds = 600, IncludeTs = false, Model = "WhisperLargeV3" },
        [VideoFileTranscription] = new VideoFileTranscriptionRequest { Video = Mp4File(), IncludeTs = true, Model = "WhisperLargeV3" },
        [VideoFileTranscriptionPrice] = new VideoFileTranscriptionPriceRequest { DurationSeconds = 90, IncludeTs = true, Model = "WhisperLargeV3" },
        [AudioFileTranscription] = new AudioFileTranscriptionRequest { Audio = WavFile(), IncludeTs = false, Model = "WhisperLargeV3" },
        [AudioFileTranscriptionPrice] = new AudioFileTranscriptionPriceRequest { Audio = WavFile(), IncludeTs = false },
        [ImageToImage] = new ImageToImageRequest
        {
            Prompt = "make it autumn", Model = "QwenImageEdit_Plus_NF4", Images = [PngFile("a.png"), PngFile("b.png")], Guidance = 4.5, Steps = 8, Seed = 3,
        },
        [ImageToImagePrice] = new ImageToImagePriceRequest { Prompt = "make it autumn", Model = "QwenImageEdit_Plus_NF4", Steps = 8, Seed = 3 },
        [ImageRemoveBackground] = new ImageTransformRequest { Image = PngFile(), Model = "Ben2" },
        [ImageRemoveBackgroundPrice] = new ImageTransformPriceRequest { Model = "Ben2", Width = 512, Height = 512 },
        [ImageUpscale] = new ImageTransformRequest { Image = PngFile(), Model = "RealESRGAN_x4plus" },
        [ImageUpscalePrice] = new ImageTransformPriceRequest { Model = "RealESRGAN_x4plus", Image = PngFile() },
        [VideoRemoveBackground] = new VideoTransformRequest { Video = Mp4File(), Model = "Ben2" },
        [VideoRemoveBackgroundPrice] = new VideoTransformPriceRequest { Model = "Ben2", Width = 256, Height = 256 },
        [VideoUpscale] = new VideoTransformRequest { Video = Mp4File(), Model = "RealESRGAN_Vid_x2" },
        [VideoUpscalePrice] = new VideoTransformPriceRequest { Model = "RealESRGAN_Vid_x2", Video = Mp4File() },
        [ImagePromptBooster] = new ImagePromptRequest { Prompt = "a cat" },
        [ImagePromptBoosterPrice] = new ImagePromptRequest { Prompt = "a cat", NegativePrompt = "blurry" },
        [VideoPromptBooster] = new VideoPromptRequest { Prompt = "a cat running", Image = PngFile() },
        [VideoPromptBoosterPrice] = new VideoPromptRequest { Prompt = "a cat running" },
        [ImageEditPromptBooster] = new ImageEditPromptRequest { Prompt = "add a hat", Image = PngFile() },
        [ImageEditPromptBoosterPrice] = new ImageEditPromptRequest { Prompt = "add a hat", Image = PngFile() },
        [SpeechPromptBooster] = new SpeechPromptRequest { Prompt = "welcome message", LangCode = "en" },
        [SpeechPromptBoosterPrice] = new SpeechPromptRequest { Prompt = "welcome message" },
        [SamplePrompts] = new SamplePromptRequest { Type = SamplePromptTypes.TextToImage, Topic = "cyberpunk city" },
        [SamplePromptsPrice] = new SamplePromptRequest { Type = SamplePromptTypes.TextToSpeech, LangCode = "en" },
        [Balance] = NoParameters.Instance,
        [Models] = new ModelsPageRequest { Page = 1, PerPage = 5, InferenceTypes = ["txt2img", "img2img"] },
    };
}
