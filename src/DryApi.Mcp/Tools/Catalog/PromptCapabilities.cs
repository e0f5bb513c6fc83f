using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using DryApi.Client.Requests;
using DryApi.Client.Responses;
using DryApi.Mcp.Tools.Results;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Mcp.Tools.Catalog;

// The boosters answer at once (no job); each call is charged, so each has its free _price twin too.
internal static class PromptCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } =
    [
        new SyncCapability<ImagePromptBoosterArguments, ImagePromptRequest, EnhancedPrompt, EnhancedPromptOutcome>(
            new ToolCard(
                "image_prompt_booster",
                "Improve an image prompt",
                "Rewrites a short idea into a detailed prompt for text_to_image (subject, style, lighting, composition), and improves " +
                "the negative prompt if one is given. Answers at once. Paid per call; image_prompt_booster_price " +
                "quotes it for free.",
                ToolGroup.Prompts,
                ReadOnly: false),
            "Quotes image_prompt_booster for the same prompt, in US dollars, without running it. Free.",
            ImagePromptBooster,
            ImagePromptBoosterPrice,
            arguments => new ImagePromptRequest { Prompt = arguments.Prompt, NegativePrompt = arguments.NegativePrompt },
            EnhancedPromptOutcomes.From),
        new SyncCapability<VideoPromptBoosterArguments, VideoPromptRequest, EnhancedPrompt, EnhancedPromptOutcome>(
            new ToolCard(
                "video_prompt_booster",
                "Improve a video prompt",
                "Rewrites a short idea into a detailed prompt for text_to_video or image_to_video (motion, camera, scene), optionally " +
                "looking at the image to animate. Answers at once. Paid per call; video_prompt_booster_price quotes it for free.",
                ToolGroup.Prompts,
                ReadOnly: false),
            "Quotes video_prompt_booster for the same prompt and image, in US dollars, without running it. Free.",
            VideoPromptBooster,
            VideoPromptBoosterPrice,
            arguments => new VideoPromptRequest
            {
                Prompt = arguments.Prompt,
                NegativePrompt = arguments.NegativePrompt,
                Image = arguments.Image is { } image ? FileArgument.For(VideoPromptBooster, "image", image) : null,
            },
            EnhancedPromptOutcomes.From),
        new SyncCapability<ImageToImagePromptBoosterArguments, ImageEditPromptRequest, EnhancedPrompt, EnhancedPromptOutcome>(
            new ToolCard(
                "image_to_image_prompt_booster",
                "Improve an image-editing prompt",
                "Rewrites an editing instruction into a detailed prompt for image_to_image, looking at the image to edit. Answers at " +
                "once. Paid per call; image_to_image_prompt_booster_price quotes it for free.",
                ToolGroup.Prompts,
                ReadOnly: false),
            "Quotes image_to_image_prompt_booster for the same prompt and image, in US dollars, without running it. Free.",
            ImageEditPromptBooster,
            ImageEditPromptBoosterPrice,
            arguments => new ImageEditPromptRequest
            {
                Prompt = arguments.Prompt,
                NegativePrompt = arguments.NegativePrompt,
                Image = FileArgument.For(ImageEditPromptBooster, "image", arguments.Image),
            },
            EnhancedPromptOutcomes.From),
        new SyncCapability<SpeechPromptBoosterArguments, SpeechPromptRequest, EnhancedPrompt, EnhancedPromptOutcome>(
            new ToolCard(
                "speech_prompt_booster",
                "Improve a text for speech",
                "Rewrites a text so that it reads naturally aloud with text_to_audio (punctuation, pacing, spelled-out numbers), in " +
                "the given language. Answers at once. Paid per call; speech_prompt_booster_price quotes it for free.",
                ToolGroup.Prompts,
                ReadOnly: false),
            "Quotes speech_prompt_booster for the same text, in US dollars, without running it. Free.",
            SpeechPromptBooster,
            SpeechPromptBoosterPrice,
            arguments => new SpeechPromptRequest { Prompt = arguments.Prompt, LangCode = arguments.LangCode },
            EnhancedPromptOutcomes.From),
        new SyncCapability<SamplePromptArguments, SamplePromptRequest, SamplePrompt, SamplePromptOutcome>(
            new ToolCard(
                "sample_prompt",
                "Get a sample prompt",
                "Writes a ready-to-use example prompt for text_to_image (type text2image) or text_to_audio (type text2speech), " +
                "optionally on a topic. Use it for inspiration or a quick test. Answers at once. Paid per call; sample_prompt_price " +
                "quotes it for free.",
                ToolGroup.Prompts,
                ReadOnly: false),
            "Quotes sample_prompt for the same type and topic, in US dollars, without running it. Free.",
            SamplePrompts,
            SamplePromptsPrice,
            arguments => new SamplePromptRequest { Type = arguments.Type, Topic = arguments.Topic, LangCode = arguments.LangCode },
            sample => new SamplePromptOutcome(sample.Type, sample.Prompt)),
    ];
}

internal static class EnhancedPromptOutcomes
{
    public static EnhancedPromptOutcome From(EnhancedPrompt enhanced) => new(enhanced.Prompt, enhanced.NegativePrompt);
}

internal sealed class ImagePromptBoosterArguments : PaidArguments
{
    [Description("The image idea to improve, at least 3 characters, e.g. 'a fox in the snow'.")]
    [MinLength(3)]
    public required string Prompt { get; init; }

    [Description("Optional negative prompt to improve too (at least 3 characters), e.g. 'blurry'.")]
    [MinLength(3)]
    public string? NegativePrompt { get; init; }
}

internal sealed class VideoPromptBoosterArguments : PaidArguments
{
    [Description("The video idea to improve, at least 3 characters, e.g. 'waves crashing at sunset'.")]
    [MinLength(3)]
    public required string Prompt { get; init; }

    [Description("Optional negative prompt to improve too (at least 3 characters).")]
    [MinLength(3)]
    public string? NegativePrompt { get; init; }

    [Description("Optional image the video will start from: an http(s) URL, base64 bytes or a data: URI (JPG, JPEG, PNG, BMP, GIF, SVG or WebP, " +
                 "at most 10 MB).")]
    public string? Image { get; init; }
}

internal sealed class ImageToImagePromptBoosterArguments : PaidArguments
{
    [Description("The editing instruction to improve, at least 3 characters, e.g. 'make it look like winter'.")]
    [MinLength(3)]
    public required string Prompt { get; init; }

    [Description("Optional negative prompt to improve too (at least 3 characters).")]
    [MinLength(3)]
    public string? NegativePrompt { get; init; }

    [Description("The image to be edited: an http(s) URL, base64 bytes or a data: URI (JPG, JPEG, PNG, BMP, GIF, SVG or WebP, at most 10 MB).")]
    public required string Image { get; init; }
}

internal sealed class SpeechPromptBoosterArguments : PaidArguments
{
    [Description("The text to prepare for speech, at least 3 characters.")]
    [MinLength(3)]
    public required string Prompt { get; init; }

    [Description("Language code of the text, e.g. en; omit to detect it.")]
    public string? LangCode { get; init; }
}

internal sealed class SamplePromptArguments : PaidArguments
{
    [Description("text2image for an image prompt, text2speech for a text to speak.")]
    [AllowedValues(SamplePromptTypes.TextToImage, SamplePromptTypes.TextToSpeech)]
    public required string Type { get; init; }

    [Description("Optional topic of the sample, at most 500 characters, e.g. 'space travel'.")]
    [MaxLength(500)]
    public string? Topic { get; init; }

    [Description("For text2speech: language code of the sample, at most 4 characters, e.g. en.")]
    [MaxLength(4)]
    public string? LangCode { get; init; }
}
