using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using DryApi.Client.Requests;
using DryApi.Mcp.Tools.Models;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Mcp.Tools.Catalog;

internal static class EmbeddingCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } =
    [
        new JobCapability<TextToEmbeddingArguments, TextToEmbeddingRequest, TextToEmbeddingPriceRequest>(
            new ToolCard(
                "text_to_embedding",
                "Embed text as vectors",
                "Turns a text, or a list of up to 2048 texts, into embedding vectors for semantic search, clustering or RAG, and " +
                "returns them inline as JSON. Paid by the number of tokens; text_to_embedding_price quotes the same input for free. " +
                "Model: get_available_models (inference type txt2embedding), e.g. Bge_M3_FP16; see its max_input_tokens and " +
                "max_total_tokens.",
                ToolGroup.Embedding,
                ReadOnly: false),
            "Quotes text_to_embedding for the same input, in US dollars, without embedding anything. Free.",
            TextToEmbedding,
            TextToEmbeddingPrice,
            (arguments, model) => new TextToEmbeddingRequest
            {
                Input = TextToEmbeddingArguments.ReadInput(arguments.Input),
                Model = model.Slug,
                ReturnResultInResponse = true,
            },
            job => job),
    ];
}

internal sealed class TextToEmbeddingArguments : JobArguments
{
    public const int MaxTexts = 2048;

    [Description("The text to embed (a string), or a list of 1 to 2048 texts (an array of strings; one vector each, in order). " +
                 "Each text at most the model's max_input_tokens.")]
    [StringOrStringList(MaxTexts)]
    public required JsonElement Input { get; init; }

    [Description("Model slug from get_available_models (inference type txt2embedding), e.g. Bge_M3_FP16; omit it and the server picks one (the result says which).")]
    public string? Model { get; init; }

    /// <summary>A string stays a single input, an array a list, as dryAPI answers in kind.</summary>
    public static EmbeddingInput ReadInput(JsonElement input)
    {
        switch (input.ValueKind)
        {
            case JsonValueKind.String:
                return EmbeddingInput.Single(input.GetString()!);
            case JsonValueKind.Array:
                var count = input.GetArrayLength();
                if (count is 0 or > MaxTexts)
                {
                    throw new ToolArgumentException("input",
                        $"the list has {count.ToString(CultureInfo.InvariantCulture)} texts; dryAPI takes 1 to {MaxTexts.ToString(CultureInfo.InvariantCulture)}. " +
                        "Split a longer list over several calls.");
                }

                if (input.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
                {
                    throw new ToolArgumentException("input", "every item of the list must be a string. Pass texts only, e.g. [\"first\", \"second\"].");
                }

                return EmbeddingInput.Many([.. input.EnumerateArray().Select(item => item.GetString()!)]);
            default:
                throw new ToolArgumentException("input", "must be a string or a list of strings, e.g. \"some text\" or [\"first\", \"second\"].");
        }
    }
}
