using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Client.Requests;
using DryApi.Simulator.Wire;

namespace DryApi.Simulator.Api;

/// <summary>The synchronous prompt endpoints: a deterministic "enhanced" rewrite of a prompt, and sample prompts.</summary>
internal static class PromptWriter
{
    private const string DefaultNegativePrompt = "blurry, low quality, distorted, watermark";

    private static readonly Dictionary<string, string> Enhancements = new(StringComparer.Ordinal)
    {
        ["prompt/image"] = "highly detailed, dramatic lighting, sharp focus, rich colours",
        ["prompt/video"] = "smooth camera motion, cinematic lighting, natural movement, consistent detail",
        ["prompt/image2image"] = "keep the original composition, refined textures, balanced lighting",
    };

    /// <summary>Image, video and image-edit boosters answer a prompt and a negative prompt; the speech booster a prompt only.</summary>
    public static JsonObject Enhance(OperationContract contract, RequestInput input)
    {
        var prompt = input.String("prompt")!.TrimEnd('.', ' ');
        if (!Enhancements.TryGetValue(contract.Path, out var enhancement))
        {
            return new JsonObject { ["prompt"] = $"{prompt}... spoken warmly, with clear diction and natural pauses." };
        }

        var negative = input.String("negative_prompt");
        return new JsonObject
        {
            ["prompt"] = $"{prompt}, {enhancement}",
            ["negative_prompt"] = negative is null ? DefaultNegativePrompt : $"{negative}, {DefaultNegativePrompt}",
        };
    }

    public static JsonObject Sample(RequestInput input)
    {
        var type = input.String("type")!;
        var topic = input.String("topic");
        var prompt = type == SamplePromptTypes.TextToSpeech
            ? $"Welcome back! Today I want to tell you a short story about {topic ?? "a lighthouse keeper and a stormy night"}."
            : $"A detailed illustration of {topic ?? "a lighthouse on a rocky coast at dusk"}, soft golden light, high detail";
        return new JsonObject
        {
            ["success"] = true,
            ["data"] = new JsonObject { ["type"] = type, ["prompt"] = prompt },
        };
    }
}
