using System.Text.Json.Serialization;

namespace DryApi.Client.Requests;

public class ImageToImagePriceRequest
{
    public required string Prompt { get; init; }

    public string? NegativePrompt { get; init; }

    public required string Model { get; init; }

    public IReadOnlyList<LoraWeight>? Loras { get; init; }

    public double? Guidance { get; init; }

    public required int Steps { get; init; }

    public required long Seed { get; init; }
}

/// <summary>Image editing from one <see cref="Image"/> or several <see cref="Images"/> (never both).</summary>
public sealed class ImageToImageRequest : ImageToImagePriceRequest
{
    public DryApiFile? Image { get; init; }

    [JsonPropertyName("images[]")]
    public IReadOnlyList<DryApiFile>? Images { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>Background removal or upscaling of one image.</summary>
public sealed class ImageTransformRequest
{
    public required DryApiFile Image { get; init; }

    public required string Model { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>Background removal or upscaling of one video.</summary>
public sealed class VideoTransformRequest
{
    public required DryApiFile Video { get; init; }

    public required string Model { get; init; }

    public string? WebhookUrl { get; init; }
}

/// <summary>A quote for a video-sized job: give the <c>video</c>, or its <c>width</c> and <c>height</c>.</summary>
public sealed class VideoTransformPriceRequest
{
    public required string Model { get; init; }

    public DryApiFile? Video { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }
}
