using System.Globalization;
using System.Text.Json;
using DryApi.Client.Responses;
using DryApi.Mcp.Tools;

namespace DryApi.Mcp.Resources;

/// <summary>
/// The model resources' JSON: per model its slug, name and inference types, its limits as numbers, its defaults, and
/// the features it supports as a list of names (dryAPI sends numbers as strings and flags as "0"/"1"). A model's own
/// card adds its LoRAs, languages and voices.
/// </summary>
internal static class ModelCards
{
    public static string List(IReadOnlyList<DryApiModel> models, string? inferenceType) =>
        JsonSerializer.Serialize(new ModelList(inferenceType, models.Count, [.. models.Select(model => View(model, full: false))]), ToolJson.Options);

    public static string Card(DryApiModel model) => JsonSerializer.Serialize(View(model, full: true), ToolJson.Options);

    private static ModelView View(DryApiModel model, bool full) => new(
        model.Slug,
        model.Name,
        model.InferenceTypes,
        model.Info.Limits.ToDictionary(limit => limit.Key, limit => AsNumber(limit.Value), StringComparer.Ordinal),
        model.Info.Defaults,
        [.. model.Info.Features.Keys.Where(model.Info.Supports).Order(StringComparer.Ordinal)],
        full ? model.Loras : null,
        full ? model.Languages : null);

    private static JsonElement AsNumber(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? JsonSerializer.SerializeToElement(number)
            : value;

    private sealed record ModelList(string? InferenceType, int Count, IReadOnlyList<ModelView> Models);

    private sealed record ModelView(
        string Slug,
        string Name,
        IReadOnlyList<string> InferenceTypes,
        IReadOnlyDictionary<string, JsonElement> Limits,
        IReadOnlyDictionary<string, JsonElement> Defaults,
        IReadOnlyList<string> SupportedFeatures,
        IReadOnlyList<ModelLora>? Loras,
        IReadOnlyList<ModelLanguage>? Languages);
}
