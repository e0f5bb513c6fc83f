using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using DryApi.Client.Requests;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Mcp.Tools.Catalog;

internal static class ImageCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } =
    [
        new JobCapability<TextToImageArguments, TextToImageRequest, TextToImagePriceRequest>(
            new ToolCard(
                "text_to_image",
                "Generate an image from text",
                "Generates an image from a text prompt with an open model (FLUX, Z-Image…) and returns a PNG URL (plus JPEG/WebP). " +
                "Paid per image: larger sizes and more steps cost more; text_to_image_price quotes the same arguments for free. " +
                "Pick the model and valid sizes with get_available_models (inference type txt2img).",
                ToolGroup.Image,
                ReadOnly: false),
            "Quotes text_to_image for the same arguments, in US dollars, without generating anything. Free.",
            TextToImage,
            TextToImagePrice,
            arguments => new TextToImageRequest
            {
                Prompt = arguments.Prompt,
                NegativePrompt = arguments.NegativePrompt,
                Model = arguments.Model,
                Loras = arguments.Loras?.Select(lora => new LoraWeight(lora.Name, lora.Weight)).ToList(),
                Width = arguments.Width,
                Height = arguments.Height,
                Guidance = arguments.Guidance,
                Steps = arguments.Steps,
                Seed = arguments.Seed,
            },
            job => job),
        new JobCapability<ImageFileArguments, ImageTransformRequest, ImageTransformPriceRequest>(
            new ToolCard(
                "image_remove_background",
                "Remove an image's background",
                "Removes the background of an image and returns a transparent PNG URL. Paid per image; " +
                "image_remove_background_price quotes it for free. Model: Ben2 (see get_available_models, inference type img-rmbg).",
                ToolGroup.Image,
                ReadOnly: false),
            "Quotes image_remove_background for the same image, in US dollars, without processing it. Free.",
            ImageRemoveBackground,
            ImageRemoveBackgroundPrice,
            arguments => new ImageTransformRequest { Image = FileArgument.For(ImageRemoveBackground, "image", arguments.Image), Model = arguments.Model },
            job => new ImageTransformPriceRequest { Image = job.Image, Model = job.Model }),
    ];
}

internal sealed class LoraArgument
{
    [Description("The LoRA's name as get_available_models lists it under the model's loras[].name.")]
    public required string Name { get; init; }

    [Description("Strength of the LoRA, 0 or more (typically 0.5–1).")]
    [Range(0, double.MaxValue)]
    public required double Weight { get; init; }
}

internal sealed class TextToImageArguments : JobArguments
{
    [Description("What the image should show.")]
    [MinLength(1)]
    public required string Prompt { get; init; }

    [Description("What the image should not show (only for models whose features include supports_negative_prompt).")]
    public string? NegativePrompt { get; init; }

    [Description("Model slug from get_available_models (inference type txt2img), e.g. Flux1schnell or ZImageTurbo_INT8.")]
    public required string Model { get; init; }

    [Description("Width in pixels, within the model's min_width–max_width and a multiple of its resolution_step (e.g. 1024).")]
    [Range(1, 8192)]
    public required int Width { get; init; }

    [Description("Height in pixels, within the model's min_height–max_height and a multiple of its resolution_step.")]
    [Range(1, 8192)]
    public required int Height { get; init; }

    [Description("Guidance scale; use the model's defaults.guidance (0 for models without supports_guidance).")]
    [Range(0, 100)]
    public required double Guidance { get; init; }

    [Description("Inference steps, within the model's min_steps–max_steps (e.g. 4 for Flux1schnell).")]
    [Range(1, 1000)]
    public required int Steps { get; init; }

    [Description("Random seed for a reproducible image; -1 (the default) picks one at random.")]
    public long Seed { get; init; } = -1;

    [Description("LoRAs to apply (models with supports_lora).")]
    public IReadOnlyList<LoraArgument>? Loras { get; init; }
}

internal sealed class ImageFileArguments : JobArguments
{
    [Description("The image: base64 bytes or a data: URI (JPG, PNG, GIF, BMP or WebP, at most 10 MB).")]
    public required string Image { get; init; }

    [Description("Model slug from get_available_models for this task.")]
    public required string Model { get; init; }
}
