using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using DryApi.Client.Requests;
using DryApi.Mcp.Tools.Models;
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
            (arguments, model) => new TextToImageRequest
            {
                Prompt = arguments.Prompt,
                NegativePrompt = arguments.NegativePrompt,
                Model = model.Slug,
                Loras = LoraArgument.ToWeights(arguments.Loras),
                Width = model.Whole("width", arguments.Width),
                Height = model.Whole("height", arguments.Height),
                Guidance = model.Guidance(arguments.Guidance),
                Steps = model.Whole("steps", arguments.Steps),
                Seed = arguments.Seed,
            },
            job => job),
        new JobCapability<ImageToImageArguments, ImageToImageRequest, ImageToImagePriceRequest>(
            new ToolCard(
                "image_to_image",
                "Edit an image with a text prompt",
                "Transforms or edits an existing image (or several, for models that combine inputs) following a text prompt — style " +
                "transfer, object edits, restyling — and returns a PNG URL (plus JPEG/WebP). Pass the picture as 'image', or several as " +
                "'images'. Paid per image; image_to_image_price quotes the same arguments for free. Pick the model with " +
                "get_available_models (inference type img2img); its limits.max_input_images says how many images it takes.",
                ToolGroup.Image,
                ReadOnly: false),
            "Quotes image_to_image for the same arguments, in US dollars, without editing anything. Free.",
            ImageToImage,
            ImageToImagePrice,
            ImageToImageArguments.Resolve,
            job => job),
        new JobCapability<ImageToTextArguments, ImageToTextRequest, ImageToTextPriceRequest>(
            new ToolCard(
                "image_to_text",
                "Read the text in an image (OCR)",
                "Extracts the text of an image (OCR: documents, screenshots, signs, receipts) and returns it inline, as plain text or " +
                "JSON. Paid per image, by its size and the amount of text read; image_to_text_price quotes the same image for free. Model: get_available_models " +
                "(inference type img2txt), e.g. Nanonets_Ocr_S_F16.",
                ToolGroup.Image,
                ReadOnly: false),
            "Quotes image_to_text for the same image, in US dollars, without reading it. Free.",
            ImageToText,
            ImageToTextPrice,
            (arguments, model) => new ImageToTextRequest
            {
                Image = model.Input("image", FileArgument.For(ImageToText, "image", arguments.Image)),
                Model = model.Slug,
                Language = arguments.Language,
                Format = arguments.Format,
                ReturnResultInResponse = true,
            },
            job => new ImageToTextPriceRequest { Image = job.Image, Model = job.Model, Language = job.Language, Format = job.Format }),
        new JobCapability<ImageRemoveBackgroundArguments, ImageTransformRequest, ImageTransformPriceRequest>(
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
            (arguments, model) => new ImageTransformRequest { Image = model.Input("image", FileArgument.For(ImageRemoveBackground, "image", arguments.Image)), Model = model.Slug },
            job => new ImageTransformPriceRequest { Image = job.Image, Model = job.Model }),
        new JobCapability<ImageUpscaleArguments, ImageTransformRequest, ImageTransformPriceRequest>(
            new ToolCard(
                "image_upscale",
                "Upscale an image",
                "Enlarges an image (typically 4×) with an AI upscaler that adds detail, and returns a PNG URL. Paid per image, by " +
                "its size; image_upscale_price quotes the same image for free. Model: get_available_models (inference type " +
                "img-upscale), e.g. RealESRGAN_x4plus.",
                ToolGroup.Image,
                ReadOnly: false),
            "Quotes image_upscale for the same image, in US dollars, without upscaling it. Free.",
            ImageUpscale,
            ImageUpscalePrice,
            (arguments, model) => new ImageTransformRequest { Image = model.Input("image", FileArgument.For(ImageUpscale, "image", arguments.Image)), Model = model.Slug },
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

    public static List<LoraWeight>? ToWeights(IReadOnlyList<LoraArgument>? loras) =>
        loras?.Select(lora => new LoraWeight(lora.Name, lora.Weight)).ToList();
}

internal sealed class TextToImageArguments : JobArguments
{
    [Description("What the image should show.")]
    [MinLength(1)]
    public required string Prompt { get; init; }

    [Description("What the image should not show (only for models whose features include supports_negative_prompt).")]
    public string? NegativePrompt { get; init; }

    [Description("Model slug from get_available_models (inference type txt2img), e.g. Flux1schnell or ZImageTurbo_INT8; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }

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

    [Description("Random seed for a reproducible image; -1 (the default) picks one at random.")]
    public long Seed { get; init; } = -1;

    [Description("LoRAs to apply (models with supports_lora).")]
    public IReadOnlyList<LoraArgument>? Loras { get; init; }
}

internal sealed class ImageToImageArguments : JobArguments
{
    [Description("What to change, or what the result should look like.")]
    [MinLength(1)]
    public required string Prompt { get; init; }

    [Description("What the result should not show (only for models whose features include supports_negative_prompt).")]
    public string? NegativePrompt { get; init; }

    [Description("The image to edit: an http(s) URL, base64 bytes or a data: URI (JPG, JPEG, PNG, GIF, BMP or WebP, at most 10 MB). " +
                 "Give either this or 'images', not both.")]
    public string? Image { get; init; }

    [Description("Several input images, for models that combine them (up to the model's limits.max_input_images); each an http(s) URL, base64 " +
                 "bytes or a data: URI (JPG, JPEG, PNG, GIF, BMP or WebP, at most 10 MB each). Sent to dryAPI as images[]. " +
                 "Give either this or 'image', not both.")]
    [MinLength(1)]
    public IReadOnlyList<string>? Images { get; init; }

    [Description("Output width in pixels, within the model's min_width–max_width; omit to keep the first input image's width.")]
    [Range(1, 8192)]
    public int? Width { get; init; }

    [Description("Output height in pixels, within the model's min_height–max_height; omit to keep the first input image's height.")]
    [Range(1, 8192)]
    public int? Height { get; init; }

    [Description("Model slug from get_available_models (inference type img2img), e.g. Flux_2_Klein_4B_BF16 or QwenImageEdit_Plus_NF4; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }

    [Description("LoRAs to apply (models with supports_lora).")]
    public IReadOnlyList<LoraArgument>? Loras { get; init; }

    [Description("Guidance scale within the model's min_guidance–max_guidance; omit for models without supports_guidance.")]
    [Range(0, 100)]
    public double? Guidance { get; init; }

    [Description("Inference steps, within the model's min_steps–max_steps; omit for the model's default.")]
    [Range(1, 1000)]
    public int? Steps { get; init; }

    [Description("Random seed for a reproducible result; -1 (the default) picks one at random.")]
    public long Seed { get; init; } = -1;

    /// <summary>dryAPI takes exactly one of <c>image</c> and <c>images[]</c>.</summary>
    public static ImageToImageRequest Resolve(ImageToImageArguments arguments, ModelChoice model)
    {
        if (arguments.Image is not null && arguments.Images is not null)
        {
            throw new ToolArgumentException("images",
                "give either 'image' (one picture) or 'images' (several), not both. Put every picture in 'images', or send only 'image'.");
        }

        if (arguments.Image is null && arguments.Images is null)
        {
            throw new ToolArgumentException("image",
                "an input picture is required. Pass it as 'image' (an http(s) URL, base64 or a data: URI), or several as 'images'.");
        }

        return new ImageToImageRequest
        {
            Prompt = arguments.Prompt,
            NegativePrompt = arguments.NegativePrompt,
            Image = arguments.Image is { } image ? FileArgument.For(ImageToImage, "image", image) : null,
            Images = arguments.Images?.Select(DecodeListed).ToList(),
            Width = model.WholeIfGiven("width", arguments.Width),
            Height = model.WholeIfGiven("height", arguments.Height),
            Model = model.Slug,
            Loras = LoraArgument.ToWeights(arguments.Loras),
            Guidance = model.GuidanceIfGiven(arguments.Guidance),
            Steps = model.Whole("steps", arguments.Steps),
            Seed = arguments.Seed,
        };
    }

    private static DryApiFile DecodeListed(string value, int index)
    {
        var rule = ImageToImage.Contract.Field("images[]")!.File!;
        var file = FileArgument.Decode($"images[{index}]", value, rule);
        return file with { FileName = $"image{index + 1}{Path.GetExtension(file.FileName)}" };
    }
}

internal sealed class ImageToTextArguments : JobArguments
{
    [Description("The image to read: an http(s) URL, base64 bytes or a data: URI (JPG, JPEG, PNG, GIF, BMP or WebP, at most 10 MB).")]
    public required string Image { get; init; }

    [Description("Model slug from get_available_models (inference type img2txt), e.g. Nanonets_Ocr_S_F16; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }

    [Description("Language of the text in the image, e.g. en; omit to detect it.")]
    public string? Language { get; init; }

    [Description("Output format: text (plain text, the default) or json (structured).")]
    [AllowedValues("text", "json")]
    public string? Format { get; init; }
}

internal sealed class ImageRemoveBackgroundArguments : JobArguments
{
    [Description("The image: an http(s) URL, base64 bytes or a data: URI (JPG, JPEG, PNG, GIF, BMP or WebP, at most 10 MB).")]
    public required string Image { get; init; }

    [Description("Model slug from get_available_models (inference type img-rmbg), e.g. Ben2; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }
}

internal sealed class ImageUpscaleArguments : JobArguments
{
    [Description("The image to upscale: an http(s) URL, base64 bytes or a data: URI (JPG, JPEG, PNG, GIF, BMP or WebP, at most 10 MB).")]
    public required string Image { get; init; }

    [Description("Model slug from get_available_models (inference type img-upscale), e.g. RealESRGAN_x4plus; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }
}
