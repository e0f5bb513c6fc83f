using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Simulator.Jobs;
using DryApi.Simulator.Wire;

namespace DryApi.Simulator.Pricing;

/// <summary>
/// The simulator's price list: one deterministic function per kind of work, used both by the price endpoints and
/// to charge the matching job, so a quote always equals the charge for the same parameters. Rates follow the
/// examples on dryAPI's pricing page (USD):
/// <list type="bullet">
/// <item>txt2img: megapixels × steps × 0.0013 (512×512 at 4 steps ≈ 0.00136).</item>
/// <item>img2img: steps × 0.00066 (20 steps ≈ 0.0132).</item>
/// <item>img-rmbg, img-upscale: input megapixels × 0.002; img2txt: input megapixels × 0.005 (the size read from the image's header).</item>
/// <item>txt2video, img2video, aud2video: frames × megapixels × steps × 0.00007 (steps default to the model's).</item>
/// <item>vid-rmbg, vid-upscale: seconds × megapixels × 0.002 (both read from the video's header).</item>
/// <item>txt2audio: characters (or <c>count_text</c>) × 0.00000077 ÷ speed.</item>
/// <item>txt2music: duration × inference steps × 0.00002.</item>
/// <item>txt2embedding: tokens (≈ characters ÷ 4) × 0.000000068.</item>
/// <item>Transcriptions: hours of media × 0.021.</item>
/// <item>Prompt boosters and sample prompts: a flat price each.</item>
/// </list>
/// Prices are rounded to six decimals, and never below 0.000001.
/// </summary>
internal static class PriceCalculator
{
    private const double VideoFileMegapixels = 1280 * 720 / 1_000_000.0;
    private const double VideoDefaultSeconds = 5;

    private static readonly Dictionary<string, decimal> FlatPrices = new(StringComparer.Ordinal)
    {
        ["prompt/image"] = 0.0005m,
        ["prompt/video"] = 0.0006m,
        ["prompt/image2image"] = 0.0006m,
        ["prompt/speech"] = 0.0003m,
        ["prompts/samples"] = 0.0002m,
    };

    public static decimal Quote(OperationContract contract, RequestInput input, ModelInfo? model) =>
        contract.InferenceType is { } type
            ? Round(JobCost(type, input, model ?? ModelInfo.Empty))
            : FlatPrices.GetValueOrDefault(Family(contract.Path), 0.0005m);

    private static double JobCost(string inferenceType, RequestInput input, ModelInfo model) => inferenceType switch
    {
        "txt2img" => Megapixels(SourceMedia.ImageSize(input, "image")) * Number(input, "steps", model, 1) * 0.0013,
        "img2img" => Number(input, "steps", model, 1) * 0.00066,
        "img-rmbg" or "img-upscale" => Megapixels(SourceMedia.ImageSize(input, "image")) * 0.002,
        "img2txt" => Megapixels(SourceMedia.ImageSize(input, "image")) * 0.005,
        "txt2video" or "img2video" or "audio2video" =>
            Number(input, "frames", model, 1) * Megapixels(SourceMedia.ImageSize(input, "first_frame_image")) * Number(input, "steps", model, 1) * 0.00007,
        "vid-rmbg" or "vid-upscale" => VideoSeconds(input) * VideoMegapixels(input) * 0.002,
        "txt2audio" => (input.Number("count_text") ?? input.String("text")?.EnumerateRunes().Count() ?? 0) * 0.00000077 / Math.Max(0.1, Number(input, "speed", model, 1)),
        "txt2music" => Number(input, "duration", model, 10) * Number(input, "inference_steps", model, 8) * 0.00002,
        "txt2embedding" => input.Strings("input").Sum(Tokens.Estimate) * 0.000000068,
        _ => SourceMedia.TranscriptionSeconds(input) / 3600 * 0.021,
    };

    /// <summary>The value sent, else the model's default, else <paramref name="fallback"/>.</summary>
    private static double Number(RequestInput input, string name, ModelInfo model, double fallback) =>
        input.Number(name) ?? model.DefaultNumber(name) ?? fallback;

    private static double Megapixels((int Width, int Height) size) => size.Width * (double)size.Height / 1_000_000;

    /// <summary>The <c>width</c>/<c>height</c> fields, else the video's own size, else 720p when its header gives none.</summary>
    private static double VideoMegapixels(RequestInput input)
    {
        if (input.Integer("width") is { } width && input.Integer("height") is { } height)
        {
            return width * (double)height / 1_000_000;
        }

        return input.Files("video") is [var file, ..] && SourceMedia.PictureSize(file.Content) is { } size ? Megapixels(size) : VideoFileMegapixels;
    }

    private static double VideoSeconds(RequestInput input) =>
        input.Files("video") is [var file, ..] ? Math.Min(10, SourceMedia.FileSeconds(file.Content)) : VideoDefaultSeconds;

    private static decimal Round(double cost) => Math.Max(0.000001m, Math.Round((decimal)cost, 6, MidpointRounding.AwayFromZero));

    /// <summary>A booster's price operation is priced like the booster: <c>prompt/image/price-calculation</c> → <c>prompt/image</c>.</summary>
    private static string Family(string path) =>
        path.EndsWith("/price-calculation", StringComparison.Ordinal) ? path[..^"/price-calculation".Length] : path;
}
