using System.Globalization;
using SkiaSharp;

namespace DryApi.Mcp.Tools.Results;

/// <summary>An image preview: the encoded bytes, their media type, and the sizes a person reads in the result's text.</summary>
internal sealed record ImagePreview(byte[] Bytes, string MediaType, int Width, int Height, int SourceWidth, int SourceHeight);

/// <summary>
/// Shrinks an image result to a preview with SkiaSharp: longest side at most the configured side, and at most the
/// configured bytes. Opaque images become JPEG (what every client shows); images with transparency (background removal)
/// become WebP, which keeps it.
/// </summary>
internal static class ImagePreviews
{
    /// <summary>
    /// A decoded image takes 4 bytes a pixel; past 4096 × 4096 (64 MB) a preview is not worth the memory. dryAPI's image
    /// models stay under it.
    /// </summary>
    private const long MaxSourcePixels = 4096L * 4096;

    /// <summary>Below this side a preview shows too little to be worth sending.</summary>
    private const int MinSide = 64;

    private static readonly int[] Qualities = [80, 65, 50, 35];

    /// <summary>The preview of <paramref name="image"/>, or why none could be made.</summary>
    public static (ImagePreview? Preview, string? Failure) Make(byte[] image, int maxSide, int maxBytes)
    {
        using var data = SKData.CreateCopy(image);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return (null, "the result is not an image SkiaSharp can read");
        }

        var info = codec.Info;
        if ((long)info.Width * info.Height > MaxSourcePixels)
        {
            return (null, $"its {Pixels(info.Width, info.Height)} pixels are more than a preview is made from ({Pixels(4096, 4096)})");
        }

        using var source = SKBitmap.Decode(codec);
        if (source is null)
        {
            return (null, "the image could not be decoded");
        }

        using var sourceImage = SKImage.FromBitmap(source);
        var opaque = info.AlphaType == SKAlphaType.Opaque;
        var first = Math.Min(maxSide, Math.Max(info.Width, info.Height));
        for (var side = first; side == first || side >= MinSide; side = side * 3 / 4)
        {
            using var scaled = Scale(sourceImage, side);
            foreach (var quality in Qualities)
            {
                using var encoded = opaque
                    ? scaled.Encode(SKEncodedImageFormat.Jpeg, quality)
                    : scaled.Encode(SKEncodedImageFormat.Webp, quality);
                if (encoded.Size <= maxBytes)
                {
                    return (new ImagePreview(encoded.ToArray(), opaque ? "image/jpeg" : "image/webp", scaled.Width, scaled.Height, info.Width, info.Height), null);
                }
            }
        }

        return (null, $"no preview of it fits in {ResultDownloader.Size(maxBytes)}");
    }

    public static string Pixels(int width, int height) =>
        $"{width.ToString(CultureInfo.InvariantCulture)}×{height.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><paramref name="image"/> with its longest side <paramref name="side"/>, drawn with mipmaps so a large reduction does not alias.</summary>
    private static SKImage Scale(SKImage image, int side)
    {
        var scale = (double)side / Math.Max(image.Width, image.Height);
        var info = new SKImageInfo(
            Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, info.Width, info.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return surface.Snapshot();
    }
}
