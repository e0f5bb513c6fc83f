using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using DryApi.Client.Requests;
using DryApi.Mcp.Tools.Models;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Mcp.Tools.Catalog;

internal static class VideoCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } =
    [
        new JobCapability<TextToVideoArguments, TextToVideoRequest, TextToVideoPriceRequest>(
            new ToolCard(
                "text_to_video",
                "Generate a video from text",
                "Generates a short video clip (MP4) from a text prompt with an open model (LTX-Video, LTX-2) and returns its URL. " +
                "Paid per video: size, frames and steps set the price, and a video job takes minutes; text_to_video_price quotes " +
                "the same arguments for free. Pick the model and its limits (sizes, frames, fps, steps) with get_available_models " +
                "(inference type txt2video).",
                ToolGroup.Video,
                ReadOnly: false),
            "Quotes text_to_video for the same arguments, in US dollars, without generating anything. Free.",
            TextToVideo,
            TextToVideoPrice,
            (arguments, model) => new TextToVideoRequest
            {
                Prompt = arguments.Prompt,
                NegativePrompt = arguments.NegativePrompt,
                Model = model.Slug,
                Width = model.Whole("width", arguments.Width),
                Height = model.Whole("height", arguments.Height),
                Guidance = model.Guidance(arguments.Guidance),
                Steps = model.Whole("steps", arguments.Steps),
                Frames = model.Whole("frames", arguments.Frames),
                Fps = model.WholeIfGiven("fps", arguments.Fps),
                Seed = arguments.Seed,
            },
            job => job),
        new JobCapability<ImageToVideoArguments, ImageToVideoRequest, ImageToVideoPriceRequest>(
            new ToolCard(
                "image_to_video",
                "Animate an image into a video",
                "Animates a still image into a short video clip (MP4) following a text prompt, optionally ending on a given last " +
                "frame, and returns its URL. Paid per video: size, frames and steps set the price, and a video job takes minutes; " +
                "image_to_video_price quotes the same arguments for free. Pick the model with get_available_models (inference " +
                "type img2video); last_frame_image needs features.supports_last_frame.",
                ToolGroup.Video,
                ReadOnly: false),
            "Quotes image_to_video for the same arguments, in US dollars, without generating anything. Free.",
            ImageToVideo,
            ImageToVideoPrice,
            (arguments, model) => new ImageToVideoRequest
            {
                Prompt = arguments.Prompt,
                NegativePrompt = arguments.NegativePrompt,
                FirstFrameImage = FileArgument.For(ImageToVideo, "first_frame_image", arguments.FirstFrameImage),
                LastFrameImage = model.Requiring("supports_last_frame", "last_frame_image", arguments.LastFrameImage) is { } last
                    ? FileArgument.For(ImageToVideo, "last_frame_image", last)
                    : null,
                Model = model.Slug,
                Width = model.Whole("width", arguments.Width),
                Height = model.Whole("height", arguments.Height),
                Guidance = model.Guidance(arguments.Guidance),
                Steps = model.Whole("steps", arguments.Steps),
                Frames = model.Whole("frames", arguments.Frames),
                Fps = model.WholeIfGiven("fps", arguments.Fps),
                Seed = arguments.Seed,
            },
            job => job),
        new JobCapability<AudioToVideoArguments, AudioToVideoRequest, AudioToVideoPriceRequest>(
            new ToolCard(
                "audio_to_video",
                "Generate a video driven by audio",
                "Generates a short video clip (MP4) conditioned on an audio track (speech, singing, music) and a text prompt, " +
                "optionally starting and ending on given frames, and returns its URL. Paid per video: size and frames set the " +
                "price, and a video job takes minutes; audio_to_video_price quotes the same arguments for free. Pick the model " +
                "with get_available_models (inference type audio2video), e.g. Ltx2_3_19B_Dist_INT8.",
                ToolGroup.Video,
                ReadOnly: false),
            "Quotes audio_to_video for the same arguments, in US dollars, without generating anything. Free.",
            AudioToVideo,
            AudioToVideoPrice,
            (arguments, model) => new AudioToVideoRequest
            {
                Prompt = arguments.Prompt,
                NegativePrompt = arguments.NegativePrompt,
                Audio = FileArgument.For(AudioToVideo, "audio", arguments.Audio),
                FirstFrameImage = arguments.FirstFrameImage is { } first ? FileArgument.For(AudioToVideo, "first_frame_image", first) : null,
                LastFrameImage = model.Requiring("supports_last_frame", "last_frame_image", arguments.LastFrameImage) is { } last
                    ? FileArgument.For(AudioToVideo, "last_frame_image", last)
                    : null,
                Model = model.Slug,
                Width = model.Whole("width", arguments.Width),
                Height = model.Whole("height", arguments.Height),
                Guidance = model.GuidanceIfGiven(arguments.Guidance),
                Steps = model.WholeIfGiven("steps", arguments.Steps),
                Frames = model.Whole("frames", arguments.Frames),
                Fps = model.WholeIfGiven("fps", arguments.Fps),
                Seed = arguments.Seed,
            },
            job => job),
        new JobCapability<VideoRemoveBackgroundArguments, VideoTransformRequest, VideoTransformPriceRequest>(
            new ToolCard(
                "video_remove_background",
                "Remove a video's background",
                "Removes the background of every frame of a short video and returns the processed video's URL. Paid per video, by " +
                "its size; video_remove_background_price quotes the same video for free. Model: get_available_models (inference " +
                "type vid-rmbg), e.g. Ben2.",
                ToolGroup.Video,
                ReadOnly: false),
            "Quotes video_remove_background for the same video, in US dollars, without processing it. Free.",
            VideoRemoveBackground,
            VideoRemoveBackgroundPrice,
            (arguments, model) => new VideoTransformRequest { Video = model.Input("video", FileArgument.For(VideoRemoveBackground, "video", arguments.Video)), Model = model.Slug },
            job => new VideoTransformPriceRequest { Video = job.Video, Model = job.Model }),
        new JobCapability<VideoUpscaleArguments, VideoTransformRequest, VideoTransformPriceRequest>(
            new ToolCard(
                "video_upscale",
                "Upscale a video",
                "Enlarges a short video (2× or 4×, by model) with an AI upscaler and returns the upscaled video's URL. Paid per " +
                "video, by its size; video_upscale_price quotes the same video for free. Model: get_available_models (inference " +
                "type vid-upscale), e.g. RealESRGAN_Vid_x2, RealESRGAN_Vid_x4 or FlashVSR_Tiny; see each model's size and duration limits.",
                ToolGroup.Video,
                ReadOnly: false),
            "Quotes video_upscale for the same video, in US dollars, without upscaling it. Free.",
            VideoUpscale,
            VideoUpscalePrice,
            (arguments, model) => new VideoTransformRequest { Video = model.Input("video", FileArgument.For(VideoUpscale, "video", arguments.Video)), Model = model.Slug },
            job => new VideoTransformPriceRequest { Video = job.Video, Model = job.Model }),
    ];
}

/// <summary>The shape of a generated clip, shared by text_to_video and image_to_video (the same fields, limits and defaults).</summary>
internal abstract class VideoClipArguments : JobArguments
{
    [Description("What the video should not show (only for models whose features include supports_negative_prompt).")]
    public string? NegativePrompt { get; init; }

    [Description("Width in pixels, within the model's min_width–max_width and a multiple of its resolution_step, rounded to it; omit for the model's default.")]
    [Range(1, 8192)]
    public int? Width { get; init; }

    [Description("Height in pixels, within the model's min_height–max_height and a multiple of its resolution_step, rounded to it; omit for the model's default.")]
    [Range(1, 8192)]
    public int? Height { get; init; }

    [Description("Guidance scale within the model's min_guidance–max_guidance; omit for the model's default (models without supports_guidance always get their default).")]
    [Range(0, 100)]
    public double? Guidance { get; init; }

    [Description("Inference steps, within the model's min_steps–max_steps; omit for the model's default.")]
    [Range(1, 1000)]
    public int? Steps { get; init; }

    [Description("Number of frames, within the model's min_frames–max_frames; length in seconds is frames / fps; omit for the model's default.")]
    [Range(1, 10000)]
    public int? Frames { get; init; }

    [Description("Frames per second, within the model's min_fps–max_fps; omit for the model's default.")]
    [Range(1, 240)]
    public int? Fps { get; init; }

    [Description("Random seed for a reproducible video; -1 (the default) picks one at random.")]
    public long Seed { get; init; } = -1;
}

internal sealed class TextToVideoArguments : VideoClipArguments
{
    [Description("What the video should show, including motion and camera.")]
    [MinLength(1)]
    public required string Prompt { get; init; }

    [Description("Model slug from get_available_models (inference type txt2video), e.g. Ltx2_19B_Dist_FP8 or Ltxv_13B_0_9_8_Distilled_FP8; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }

}

internal sealed class ImageToVideoArguments : VideoClipArguments
{
    [Description("How the image should move: motion, action, camera.")]
    [MinLength(1)]
    public required string Prompt { get; init; }

    [Description("The first frame to animate: an http(s) URL, base64 bytes or a data: URI (JPG, JPEG, PNG, GIF, BMP or WebP, at most 10 MB).")]
    public required string FirstFrameImage { get; init; }

    [Description("Optional last frame to end on (only models with features.supports_last_frame; refused for others): an http(s) URL, base64 bytes or a data: URI " +
                 "(JPG, JPEG, PNG, GIF, BMP or WebP, at most 10 MB).")]
    public string? LastFrameImage { get; init; }

    [Description("Model slug from get_available_models (inference type img2video), e.g. Ltx2_19B_Dist_FP8; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }

}

internal sealed class AudioToVideoArguments : JobArguments
{
    [Description("What the video should show while the audio plays.")]
    [MinLength(1)]
    public required string Prompt { get; init; }

    [Description("What the video should not show (only for models whose features include supports_negative_prompt).")]
    public string? NegativePrompt { get; init; }

    [Description("The audio that drives the video: an http(s) URL, base64 bytes or a data: URI (MP3, WAV, OGG or FLAC, at most 20 MB).")]
    public required string Audio { get; init; }

    [Description("Optional first frame: an http(s) URL, base64 bytes or a data: URI (JPG, JPEG, PNG, GIF, BMP or WebP, at most 10 MB).")]
    public string? FirstFrameImage { get; init; }

    [Description("Optional last frame (only models with features.supports_last_frame; refused for others): an http(s) URL, base64 bytes or a data: URI " +
                 "(JPG, JPEG, PNG, GIF, BMP or WebP, at most 10 MB).")]
    public string? LastFrameImage { get; init; }

    [Description("Model slug from get_available_models (inference type audio2video), e.g. Ltx2_3_19B_Dist_INT8; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }

    [Description("Width in pixels, within the model's min_width–max_width and a multiple of its resolution_step, rounded to it; omit for the model's default.")]
    [Range(1, 8192)]
    public int? Width { get; init; }

    [Description("Height in pixels, within the model's min_height–max_height and a multiple of its resolution_step, rounded to it; omit for the model's default.")]
    [Range(1, 8192)]
    public int? Height { get; init; }

    [Description("Guidance scale within the model's min_guidance–max_guidance; omit for the model's default.")]
    [Range(0, 100)]
    public double? Guidance { get; init; }

    [Description("Inference steps within the model's min_steps–max_steps; omit for the model's default.")]
    [Range(1, 1000)]
    public int? Steps { get; init; }

    [Description("Number of frames, within the model's min_frames–max_frames; length in seconds is frames / fps; omit for the model's default.")]
    [Range(1, 10000)]
    public int? Frames { get; init; }

    [Description("Frames per second, within the model's min_fps–max_fps; omit for the model's default.")]
    [Range(1, 240)]
    public int? Fps { get; init; }

    [Description("Random seed for a reproducible video; -1 (the default) picks one at random.")]
    public long Seed { get; init; } = -1;
}

internal sealed class VideoRemoveBackgroundArguments : JobArguments
{
    [Description("The video: an http(s) URL, base64 bytes or a data: URI (MP4, MPEG, MOV, AVI, WMV or OGG, at most 10 MB).")]
    public required string Video { get; init; }

    [Description("Model slug from get_available_models (inference type vid-rmbg), e.g. Ben2; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }
}

internal sealed class VideoUpscaleArguments : JobArguments
{
    [Description("The video to upscale: an http(s) URL, base64 bytes or a data: URI (MP4, MPEG, MOV, AVI, WMV or OGG, at most 10 MB).")]
    public required string Video { get; init; }

    [Description("Model slug from get_available_models (inference type vid-upscale), e.g. RealESRGAN_Vid_x2, RealESRGAN_Vid_x4 or FlashVSR_Tiny; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }
}
