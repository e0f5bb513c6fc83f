using DryApi.Client.Requests;
using DryApi.Client.Responses;

namespace DryApi.Client.Contract;

/// <summary>
/// Every operation of dryAPI's OpenAPI document (47), each with the facts of its contract and the C# types
/// that travel. The facts follow the document; where dryAPI's own documentation states more (a field that is
/// required in practice, a file limit, a range written in prose), it is added here, and the drift test that
/// compares these facts with the document lists each such addition as deliberate.
/// </summary>
public static class DryApiOperations
{
    public const string BasePath = "/api/v1/client/";

    private const long Megabyte = 1024 * 1024;

    private static readonly FileRule ImageFile = new(10 * Megabyte, ["jpg", "jpeg", "png", "gif", "bmp", "webp"]);
    private static readonly FileRule PromptImageFile = new(10 * Megabyte, ["jpg", "jpeg", "png", "bmp", "gif", "svg", "webp"]);
    private static readonly FileRule VideoConditioningAudioFile = new(20 * Megabyte, ["mp3", "wav", "ogg", "flac"]);
    private static readonly FileRule ReferenceAudioFile = new(10 * Megabyte, ["mp3", "wav", "flac", "ogg", "m4a"]);
    private static readonly FileRule TranscriptionAudioFile = new(10 * Megabyte, ["aac", "mp3", "ogg", "wav", "webm", "flac"]);
    private static readonly FileRule VideoFile = new(10 * Megabyte, ["mp4", "mpeg", "mov", "avi", "wmv", "ogg"]);

    private static readonly WireField Webhook =
        Nullable("webhook_url", WireType.String) with { MaxLength = 2048, Format = "uri", HttpsOnly = true };

    // ---- Generation -------------------------------------------------------------------------------------

    public static readonly DryApiOperation<TextToImageRequest, JobSubmission> TextToImage = new(
        Job("requestTxt2Image", "txt2img", BodyEncoding.Json, JobKind.Image, "txt2img",
        [
            Required("prompt", WireType.String),
            Nullable("negative_prompt", WireType.String),
            Required("model", WireType.String),
            Optional("loras", WireType.LoraArray),
            Required("width", WireType.Integer),
            Required("height", WireType.Integer),
            Required("guidance", WireType.Number),
            Required("steps", WireType.Integer),
            Required("seed", WireType.Integer),
            Webhook,
        ]));

    public static readonly DryApiOperation<TextToImagePriceRequest, PriceQuote> TextToImagePrice = new(
        Price("requestPriceForTxt2Image", "txt2img/price-calculation", BodyEncoding.Json, JobKind.Image, "txt2img",
        [
            Required("prompt", WireType.String),
            Nullable("negative_prompt", WireType.String),
            Required("model", WireType.String),
            Optional("loras", WireType.LoraArray),
            Required("width", WireType.Integer),
            Required("height", WireType.Integer),
            Required("guidance", WireType.Number),
            Required("steps", WireType.Integer),
            Required("seed", WireType.Integer),
        ]));

    public static readonly DryApiOperation<TextToVideoRequest, JobSubmission> TextToVideo = new(
        Job("requestTxt2Video", "txt2video", BodyEncoding.Json, JobKind.Video, "txt2video",
        [
            Required("prompt", WireType.String),
            Nullable("negative_prompt", WireType.String),
            Required("width", WireType.Integer),
            Required("height", WireType.Integer),
            Required("guidance", WireType.Number),
            Required("steps", WireType.Integer),
            Required("frames", WireType.Integer),
            Optional("fps", WireType.Integer),
            Required("seed", WireType.Integer),
            Required("model", WireType.String),
            Webhook,
        ]));

    public static readonly DryApiOperation<TextToVideoPriceRequest, PriceQuote> TextToVideoPrice = new(
        Price("requestTxt2VideoPrice", "txt2video/price-calculation", BodyEncoding.Json, JobKind.Video, "txt2video",
        [
            Required("width", WireType.Integer),
            Required("height", WireType.Integer),
            Required("steps", WireType.Integer),
            Required("frames", WireType.Integer),
            Optional("fps", WireType.Integer),
            Required("model", WireType.String),
        ]));

    public static readonly DryApiOperation<ImageToVideoRequest, JobSubmission> ImageToVideo = new(
        Job("requestImg2Video", "img2video", BodyEncoding.Multipart, JobKind.Video, "img2video",
        [
            Required("prompt", WireType.String),
            Nullable("negative_prompt", WireType.String),
            Required("first_frame_image", WireType.File) with { File = ImageFile },
            Nullable("last_frame_image", WireType.File) with { File = ImageFile },
            Required("width", WireType.Integer),
            Required("height", WireType.Integer),
            Required("guidance", WireType.Number),
            Required("steps", WireType.Integer),
            Required("frames", WireType.Integer),
            Optional("fps", WireType.Integer),
            Required("seed", WireType.Integer),
            Required("model", WireType.String),
            Webhook,
        ]));

    public static readonly DryApiOperation<ImageToVideoPriceRequest, PriceQuote> ImageToVideoPrice = new(
        Price("requestImg2VideoPrice", "img2video/price-calculation", BodyEncoding.Json, JobKind.Video, "img2video",
        [
            Required("width", WireType.Integer),
            Required("height", WireType.Integer),
            Required("steps", WireType.Integer),
            Required("frames", WireType.Integer),
            Optional("fps", WireType.Integer),
            Required("model", WireType.String),
        ]));

    public static readonly DryApiOperation<AudioToVideoRequest, JobSubmission> AudioToVideo = new(
        Job("requestAud2Video", "aud2video", BodyEncoding.Multipart, JobKind.Video, "audio2video",
        [
            Required("prompt", WireType.String),
            Nullable("negative_prompt", WireType.String),
            Required("audio", WireType.File) with { File = VideoConditioningAudioFile },
            Nullable("first_frame_image", WireType.File) with { File = ImageFile },
            Nullable("last_frame_image", WireType.File) with { File = ImageFile },
            Required("width", WireType.Integer),
            Required("height", WireType.Integer),
            Optional("guidance", WireType.Number),
            Optional("steps", WireType.Integer),
            Required("frames", WireType.Integer),
            Optional("fps", WireType.Integer),
            Required("seed", WireType.Integer),
            Required("model", WireType.String),
            Webhook,
        ]));

    public static readonly DryApiOperation<AudioToVideoPriceRequest, PriceQuote> AudioToVideoPrice = new(
        Price("requestAud2VideoPrice", "aud2video/price-calculation", BodyEncoding.Json, JobKind.Video, "audio2video",
        [
            Required("width", WireType.Integer),
            Required("height", WireType.Integer),
            Optional("steps", WireType.Integer),
            Required("frames", WireType.Integer),
            Optional("fps", WireType.Integer),
            Required("model", WireType.String),
        ]));

    public static readonly DryApiOperation<TextToSpeechRequest, JobSubmission> TextToSpeech = new(
        Job("requestTxt2Audio", "txt2audio", BodyEncoding.Multipart, JobKind.Audio, "txt2audio",
        [
            Required("text", WireType.String),
            Required("model", WireType.String),
            Nullable("mode", WireType.String) with { Enum = [SpeechModes.CustomVoice, SpeechModes.VoiceClone, SpeechModes.VoiceDesign] },
            Nullable("voice", WireType.String),
            Required("lang", WireType.String),
            Required("speed", WireType.Number),
            Required("format", WireType.String),
            Required("sample_rate", WireType.Number),
            Nullable("ref_audio", WireType.File) with { File = ReferenceAudioFile },
            Nullable("ref_text", WireType.String),
            Nullable("instruct", WireType.String),
            Webhook,
        ]) with
        {
            ConditionalRequirements =
            [
                new("voice", "mode", SpeechModes.CustomVoice, AppliesWhenAbsent: true),
                new("ref_audio", "mode", SpeechModes.VoiceClone),
                new("instruct", "mode", SpeechModes.VoiceDesign),
            ],
        });

    public static readonly DryApiOperation<TextToSpeechPriceRequest, PriceQuote> TextToSpeechPrice = new(
        Price("requestPriceForTxt2Audio", "txt2audio/price-calculation", BodyEncoding.Json, JobKind.Audio, "txt2audio",
        [
            Nullable("text", WireType.String),
            Nullable("count_text", WireType.Integer),
            Required("model", WireType.String),
            Nullable("mode", WireType.String) with { Enum = [SpeechModes.CustomVoice, SpeechModes.VoiceClone, SpeechModes.VoiceDesign] },
            Nullable("voice", WireType.String),
            Required("lang", WireType.String),
            Required("speed", WireType.Number),
            Required("format", WireType.String),
            Required("sample_rate", WireType.Number),
            Nullable("instruct", WireType.String),
        ]) with
        { RequiredAlternatives = [["text"], ["count_text"]] });

    public static readonly DryApiOperation<TextToMusicRequest, JobSubmission> TextToMusic = new(
        Job("requestTxt2Music", "txt2music", BodyEncoding.Multipart, JobKind.Audio, "txt2music",
        [
            Required("caption", WireType.String),
            Required("model", WireType.String),
            Required("lyrics", WireType.String),
            Required("duration", WireType.Number) with { Minimum = 10, Maximum = 600 },
            Nullable("bpm", WireType.Integer) with { Minimum = 30, Maximum = 300 },
            Nullable("keyscale", WireType.String),
            Nullable("timesignature", WireType.Integer) with { Enum = ["2", "3", "4", "6"] },
            Nullable("vocal_language", WireType.String),
            Required("inference_steps", WireType.Integer) with { Minimum = 1, Maximum = 100 },
            Required("guidance_scale", WireType.Number) with { Minimum = 0, Maximum = 20 },
            Required("seed", WireType.Integer),
            Required("format", WireType.String),
            Nullable("reference_audio", WireType.File) with { File = ReferenceAudioFile },
            Webhook,
        ]));

    public static readonly DryApiOperation<TextToMusicPriceRequest, PriceQuote> TextToMusicPrice = new(
        Price("requestPriceForTxt2Music", "txt2music/price-calculation", BodyEncoding.Json, JobKind.Audio, "txt2music",
        [
            Required("model", WireType.String),
            Required("duration", WireType.Number) with { Minimum = 10, Maximum = 600 },
            Required("inference_steps", WireType.Integer) with { Minimum = 1, Maximum = 100 },
        ]));

    public static readonly DryApiOperation<TextToEmbeddingRequest, JobSubmission> TextToEmbedding = new(
        Job("requestTxt2Embedding", "txt2embedding", BodyEncoding.Json, JobKind.Text, "txt2embedding",
        [
            Required("input", WireType.StringOrStringArray) with { MaxItems = 2048 },
            Required("model", WireType.String),
            Nullable("return_result_in_response", WireType.Boolean),
            Webhook,
        ]));

    public static readonly DryApiOperation<TextToEmbeddingPriceRequest, PriceQuote> TextToEmbeddingPrice = new(
        Price("requestPriceForTxt2Embedding", "txt2embedding/price-calculation", BodyEncoding.Json, JobKind.Text, "txt2embedding",
        [
            Required("input", WireType.StringOrStringArray) with { MaxItems = 2048 },
            Required("model", WireType.String),
        ]));

    // ---- Analysis ---------------------------------------------------------------------------------------

    public static readonly DryApiOperation<ImageToTextRequest, JobSubmission> ImageToText = new(
        Job("requestImg2Txt", "img2txt", BodyEncoding.Multipart, JobKind.Text, "img2txt",
        [
            Required("image", WireType.File) with { File = ImageFile },
            Required("model", WireType.String),
            Nullable("language", WireType.String),
            Nullable("format", WireType.String) with { Enum = ["text", "json"] },
            Nullable("return_result_in_response", WireType.Boolean),
            Webhook,
        ]));

    public static readonly DryApiOperation<ImageToTextPriceRequest, PriceQuote> ImageToTextPrice = new(
        Price("requestPriceForImg2Txt", "img2txt/price-calculation", BodyEncoding.Multipart, JobKind.Text, "img2txt",
        [
            Optional("image", WireType.File) with { File = ImageFile },
            Optional("model", WireType.String),
            Nullable("language", WireType.String),
            Nullable("format", WireType.String) with { Enum = ["text", "json"] },
            Optional("width", WireType.Integer),
            Optional("height", WireType.Integer),
        ]) with
        { RequiredAlternatives = [["image", "model"], ["width", "height", "model"]] });

    public static readonly DryApiOperation<VideoUrlTranscriptionRequest, JobSubmission> VideoUrlTranscription = new(
        Job("requestVid2Txt", "vid2txt", BodyEncoding.Json, JobKind.Text, "video2text",
        [
            Required("video_url", WireType.String),
            Required("include_ts", WireType.Boolean),
            Optional("model", WireType.String),
            Nullable("return_result_in_response", WireType.Boolean),
            Webhook,
        ]));

    public static readonly DryApiOperation<VideoUrlTranscriptionPriceRequest, PriceQuote> VideoUrlTranscriptionPrice = new(
        Price("requestPriceForVid2Text", "vid2txt/price-calculation", BodyEncoding.Json, JobKind.Text, "video2text",
        [
            Required("video_url", WireType.String),
            Required("include_ts", WireType.Boolean),
            Optional("model", WireType.String),
        ]));

    public static readonly DryApiOperation<AudioUrlTranscriptionRequest, JobSubmission> AudioUrlTranscription = new(
        Job("requestAud2Txt", "aud2txt", BodyEncoding.Json, JobKind.Text, "audio2text",
        [
            Required("audio_url", WireType.String),
            Required("include_ts", WireType.Boolean),
            Required("model", WireType.String),
            Nullable("return_result_in_response", WireType.Boolean),
            Webhook,
        ]));

    public static readonly DryApiOperation<AudioUrlTranscriptionPriceRequest, PriceQuote> AudioUrlTranscriptionPrice = new(
        Price("requestPriceForAud2Text", "aud2txt/price-calculation", BodyEncoding.Json, JobKind.Text, "audio2text",
        [
            Optional("audio_url", WireType.String),
            Optional("duration_seconds", WireType.Number),
            Required("include_ts", WireType.Boolean),
            Required("model", WireType.String),
        ]) with
        { RequiredAlternatives = [["audio_url"], ["duration_seconds"]] });

    public static readonly DryApiOperation<VideoFileTranscriptionRequest, JobSubmission> VideoFileTranscription = new(
        Job("requestVidFile2Txt", "videofile2txt", BodyEncoding.Multipart, JobKind.Text, "video_file2text",
        [
            Required("video", WireType.File) with { File = VideoFile },
            Required("include_ts", WireType.Boolean),
            Optional("model", WireType.String),
            Nullable("return_result_in_response", WireType.Boolean),
            Webhook,
        ]));

    public static readonly DryApiOperation<VideoFileTranscriptionPriceRequest, PriceQuote> VideoFileTranscriptionPrice = new(
        Price("requestPriceForVidFile2Text", "videofile2txt/price-calculation", BodyEncoding.Multipart, JobKind.Text, "video_file2text",
        [
            Optional("video", WireType.File) with { File = VideoFile },
            Optional("include_ts", WireType.Boolean),
            Optional("model", WireType.String),
            Optional("duration_seconds", WireType.Integer),
        ]) with
        { RequiredAlternatives = [["video", "include_ts"], ["duration_seconds", "include_ts"]] });

    public static readonly DryApiOperation<AudioFileTranscriptionRequest, JobSubmission> AudioFileTranscription = new(
        Job("requestAudioFile2Txt", "audiofile2txt", BodyEncoding.Multipart, JobKind.Text, "audio_file2text",
        [
            Required("audio", WireType.File) with { File = TranscriptionAudioFile },
            Required("include_ts", WireType.Boolean),
            Optional("model", WireType.String),
            Nullable("return_result_in_response", WireType.Boolean),
            Webhook,
        ]));

    public static readonly DryApiOperation<AudioFileTranscriptionPriceRequest, PriceQuote> AudioFileTranscriptionPrice = new(
        Price("requestAudioFilePrice2Txt", "audiofile2txt/price-calculation", BodyEncoding.Multipart, JobKind.Text, "audio_file2text",
        [
            Optional("audio", WireType.File) with { File = TranscriptionAudioFile },
            Optional("include_ts", WireType.Boolean),
            Optional("model", WireType.String),
            Optional("duration_seconds", WireType.Integer),
        ]) with
        { RequiredAlternatives = [["audio", "include_ts"], ["duration_seconds", "include_ts"]] });

    // ---- Transformation ---------------------------------------------------------------------------------

    public static readonly DryApiOperation<ImageToImageRequest, JobSubmission> ImageToImage = new(
        Job("requestImage2Image", "img2img", BodyEncoding.Multipart, JobKind.Image, "img2img",
        [
            Required("prompt", WireType.String),
            Nullable("negative_prompt", WireType.String),
            Optional("image", WireType.File) with { File = ImageFile },
            Optional("images[]", WireType.FileArray) with { File = ImageFile },
            Nullable("width", WireType.Integer),
            Nullable("height", WireType.Integer),
            Required("model", WireType.String),
            Optional("loras", WireType.LoraArray),
            Optional("guidance", WireType.Number),
            Required("steps", WireType.Integer),
            Required("seed", WireType.Integer),
            Webhook,
        ]) with
        {
            RequiredAlternatives = [["image"], ["images[]"]],
            MutuallyExclusive = [["image", "images[]"]],
        });

    public static readonly DryApiOperation<ImageToImagePriceRequest, PriceQuote> ImageToImagePrice = new(
        Price("requestPriceForImage2Image", "img2img/price-calculation", BodyEncoding.Json, JobKind.Image, "img2img",
        [
            Required("prompt", WireType.String),
            Nullable("negative_prompt", WireType.String),
            Required("model", WireType.String),
            Optional("loras", WireType.LoraArray),
            Optional("guidance", WireType.Number),
            Required("steps", WireType.Integer),
            Required("seed", WireType.Integer),
        ]));

    public static readonly DryApiOperation<ImageTransformRequest, JobSubmission> ImageRemoveBackground = new(
        Job("requestImgRemoveBg", "img-rmbg", BodyEncoding.Multipart, JobKind.Image, "img-rmbg",
        [
            Required("image", WireType.File) with { File = ImageFile },
            Required("model", WireType.String),
            Webhook,
        ]));

    public static readonly DryApiOperation<ImageTransformPriceRequest, PriceQuote> ImageRemoveBackgroundPrice = new(
        Price("requestPriceForImgRemoveBg", "img-rmbg/price-calculation", BodyEncoding.Multipart, JobKind.Image, "img-rmbg",
            ImageSizedQuoteFields()) with
        { RequiredAlternatives = [["image", "model"], ["width", "height", "model"]] });

    public static readonly DryApiOperation<ImageTransformRequest, JobSubmission> ImageUpscale = new(
        Job("requestImgUpscale", "img-upscale", BodyEncoding.Multipart, JobKind.Image, "img-upscale",
        [
            Required("image", WireType.File) with { File = ImageFile },
            Required("model", WireType.String),
            Webhook,
        ]));

    public static readonly DryApiOperation<ImageTransformPriceRequest, PriceQuote> ImageUpscalePrice = new(
        Price("requestPriceForImgUpscale", "img-upscale/price-calculation", BodyEncoding.Multipart, JobKind.Image, "img-upscale",
            ImageSizedQuoteFields()) with
        { RequiredAlternatives = [["image", "model"], ["width", "height", "model"]] });

    public static readonly DryApiOperation<VideoTransformRequest, JobSubmission> VideoRemoveBackground = new(
        Job("requestVidRemoveBg", "vid-rmbg", BodyEncoding.Multipart, JobKind.Video, "vid-rmbg",
        [
            Required("video", WireType.File) with { File = VideoFile },
            Required("model", WireType.String),
            Webhook,
        ]));

    public static readonly DryApiOperation<VideoTransformPriceRequest, PriceQuote> VideoRemoveBackgroundPrice = new(
        Price("requestPriceForVidRemoveBg", "vid-rmbg/price-calculation", BodyEncoding.Multipart, JobKind.Video, "vid-rmbg",
            VideoSizedQuoteFields()) with
        { RequiredAlternatives = [["video", "model"], ["width", "height", "model"]] });

    public static readonly DryApiOperation<VideoTransformRequest, JobSubmission> VideoUpscale = new(
        Job("requestVidUpscale", "vid-upscale", BodyEncoding.Multipart, JobKind.Video, "vid-upscale",
        [
            Required("video", WireType.File) with { File = VideoFile },
            Required("model", WireType.String),
            Webhook,
        ]));

    public static readonly DryApiOperation<VideoTransformPriceRequest, PriceQuote> VideoUpscalePrice = new(
        Price("requestPriceForVidUpscale", "vid-upscale/price-calculation", BodyEncoding.Multipart, JobKind.Video, "vid-upscale",
            VideoSizedQuoteFields()) with
        { RequiredAlternatives = [["video", "model"], ["width", "height", "model"]] });

    // ---- Prompt enhancement (synchronous) ---------------------------------------------------------------

    public static readonly DryApiOperation<ImagePromptRequest, EnhancedPrompt> ImagePromptBooster = new(
        Operation("clientEnhanceText2ImagePrompt", HttpVerb.Post, "prompt/image", BodyEncoding.Json, ResponseShape.EnhancedPrompt,
            BoosterFields(image: null)));

    public static readonly DryApiOperation<ImagePromptRequest, PriceQuote> ImagePromptBoosterPrice = new(
        Operation("clientCalculateText2ImagePromptBoosterPrice", HttpVerb.Post, "prompt/image/price-calculation", BodyEncoding.Json,
            ResponseShape.BoosterPrice, BoosterFields(image: null)));

    public static readonly DryApiOperation<VideoPromptRequest, EnhancedPrompt> VideoPromptBooster = new(
        Operation("clientEnhanceTextImage2VideoPrompt", HttpVerb.Post, "prompt/video", BodyEncoding.Multipart, ResponseShape.EnhancedPrompt,
            BoosterFields(Nullable("image", WireType.File) with { File = PromptImageFile })));

    public static readonly DryApiOperation<VideoPromptRequest, PriceQuote> VideoPromptBoosterPrice = new(
        Operation("clientCalculateTextImage2VideoPromptBoosterPrice", HttpVerb.Post, "prompt/video/price-calculation", BodyEncoding.Multipart,
            ResponseShape.BoosterPrice, BoosterFields(Nullable("image", WireType.File) with { File = PromptImageFile })));

    public static readonly DryApiOperation<ImageEditPromptRequest, EnhancedPrompt> ImageEditPromptBooster = new(
        Operation("clientEnhanceImage2ImagePrompt", HttpVerb.Post, "prompt/image2image", BodyEncoding.Multipart, ResponseShape.EnhancedPrompt,
            BoosterFields(Required("image", WireType.File) with { File = PromptImageFile })));

    public static readonly DryApiOperation<ImageEditPromptRequest, PriceQuote> ImageEditPromptBoosterPrice = new(
        Operation("clientCalculateImage2ImagePromptBoosterPrice", HttpVerb.Post, "prompt/image2image/price-calculation", BodyEncoding.Multipart,
            ResponseShape.BoosterPrice, BoosterFields(Required("image", WireType.File) with { File = PromptImageFile })));

    public static readonly DryApiOperation<SpeechPromptRequest, EnhancedPrompt> SpeechPromptBooster = new(
        Operation("clientEnhanceText2SpeechPrompt", HttpVerb.Post, "prompt/speech", BodyEncoding.Json, ResponseShape.EnhancedPrompt,
            [Required("prompt", WireType.String) with { MinLength = 3 }, Nullable("lang_code", WireType.String)]));

    public static readonly DryApiOperation<SpeechPromptRequest, PriceQuote> SpeechPromptBoosterPrice = new(
        Operation("clientCalculateText2SpeechPromptBoosterPrice", HttpVerb.Post, "prompt/speech/price-calculation", BodyEncoding.Json,
            ResponseShape.BoosterPrice,
            [Required("prompt", WireType.String) with { MinLength = 3 }, Nullable("lang_code", WireType.String)]));

    public static readonly DryApiOperation<SamplePromptRequest, SamplePrompt> SamplePrompts = new(
        Operation("clientGetSamplePrompts", HttpVerb.Get, "prompts/samples", BodyEncoding.Query, ResponseShape.SamplePrompt,
            SampleQueryFields()));

    public static readonly DryApiOperation<SamplePromptRequest, PriceQuote> SamplePromptsPrice = new(
        Operation("clientCalculateSamplePromptsPrice", HttpVerb.Get, "prompts/samples/price-calculation", BodyEncoding.Query,
            ResponseShape.BoosterPrice, SampleQueryFields()));

    // ---- Utilities --------------------------------------------------------------------------------------

    public static readonly DryApiOperation<NoParameters, AccountBalance> Balance = new(
        Operation("clientBalance", HttpVerb.Get, "balance", BodyEncoding.None, ResponseShape.Balance, []));

    public static readonly DryApiOperation<ModelsPageRequest, ModelPage> Models = new(
        Operation("clientModels", HttpVerb.Get, "models", BodyEncoding.Query, ResponseShape.ModelPage,
        [
            Optional("per_page", WireType.Integer),
            Optional("page", WireType.Integer),
            Optional("filter[inference_types]", WireType.StringArray),
        ]));

    public static readonly DryApiOperation<JobStatusRequest, JobStatus> RequestStatus = new(
        Operation("requestStatus", HttpVerb.Get, "request-status/{request_id}", BodyEncoding.None, ResponseShape.JobStatus,
            [Required("request_id", WireType.String)]));

    public static IReadOnlyList<IDryApiOperation> All { get; } =
    [
        TextToImage, TextToImagePrice, TextToVideo, TextToVideoPrice, ImageToVideo, ImageToVideoPrice,
        AudioToVideo, AudioToVideoPrice, TextToSpeech, TextToSpeechPrice, TextToMusic, TextToMusicPrice,
        TextToEmbedding, TextToEmbeddingPrice,
        ImageToText, ImageToTextPrice, VideoUrlTranscription, VideoUrlTranscriptionPrice,
        AudioUrlTranscription, AudioUrlTranscriptionPrice, VideoFileTranscription, VideoFileTranscriptionPrice,
        AudioFileTranscription, AudioFileTranscriptionPrice,
        ImageToImage, ImageToImagePrice, ImageRemoveBackground, ImageRemoveBackgroundPrice, ImageUpscale, ImageUpscalePrice,
        VideoRemoveBackground, VideoRemoveBackgroundPrice, VideoUpscale, VideoUpscalePrice,
        ImagePromptBooster, ImagePromptBoosterPrice, VideoPromptBooster, VideoPromptBoosterPrice,
        ImageEditPromptBooster, ImageEditPromptBoosterPrice, SpeechPromptBooster, SpeechPromptBoosterPrice,
        SamplePrompts, SamplePromptsPrice,
        Balance, Models, RequestStatus,
    ];

    private static WireField Required(string name, WireType type) => new(name, type) { Required = true };

    private static WireField Optional(string name, WireType type) => new(name, type);

    private static WireField Nullable(string name, WireType type) => new(name, type) { Nullable = true };

    private static OperationContract Operation(
        string operationId, HttpVerb verb, string path, BodyEncoding encoding, ResponseShape response, IReadOnlyList<WireField> fields) =>
        new(operationId, verb, path, encoding, response, fields);

    private static OperationContract Job(
        string operationId, string path, BodyEncoding encoding, JobKind kind, string inferenceType, IReadOnlyList<WireField> fields) =>
        new(operationId, HttpVerb.Post, path, encoding, ResponseShape.JobSubmission, fields) { JobKind = kind, InferenceType = inferenceType };

    private static OperationContract Price(
        string operationId, string path, BodyEncoding encoding, JobKind kind, string inferenceType, IReadOnlyList<WireField> fields) =>
        new(operationId, HttpVerb.Post, path, encoding, ResponseShape.JobPrice, fields) { JobKind = kind, InferenceType = inferenceType };

    private static WireField[] ImageSizedQuoteFields() =>
    [
        Optional("image", WireType.File) with { File = ImageFile },
        Optional("model", WireType.String),
        Optional("width", WireType.Integer),
        Optional("height", WireType.Integer),
    ];

    private static WireField[] VideoSizedQuoteFields() =>
    [
        Optional("video", WireType.File) with { File = VideoFile },
        Optional("model", WireType.String),
        Optional("width", WireType.Integer),
        Optional("height", WireType.Integer),
    ];

    private static WireField[] BoosterFields(WireField? image)
    {
        WireField[] text =
        [
            Required("prompt", WireType.String) with { MinLength = 3 },
            Nullable("negative_prompt", WireType.String) with { MinLength = 3, MustBePresent = true },
        ];
        return image is null ? text : [.. text, image];
    }

    private static WireField[] SampleQueryFields() =>
    [
        Required("type", WireType.String) with { Enum = [SamplePromptTypes.TextToImage, SamplePromptTypes.TextToSpeech] },
        Nullable("topic", WireType.String) with { MaxLength = 500 },
        Nullable("lang_code", WireType.String) with { MaxLength = 4 },
    ];
}
