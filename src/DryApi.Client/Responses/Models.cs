using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DryApi.Client.Responses;

/// <summary>A model from <c>/models</c>. Send <see cref="Slug"/> as <c>model</c>, never <see cref="Name"/>.</summary>
public sealed record DryApiModel
{
    public required string Name { get; init; }

    public required string Slug { get; init; }

    public IReadOnlyList<string> InferenceTypes { get; init; } = [];

    public ModelInfo Info { get; init; } = ModelInfo.Empty;

    public IReadOnlyList<ModelLora>? Loras { get; init; }

    public IReadOnlyList<ModelLanguage>? Languages { get; init; }
}

public sealed record ModelLora(string DisplayName, string Name);

public sealed record ModelLanguage(string Name, string Slug, IReadOnlyList<ModelVoice>? Voices);

public sealed record ModelVoice(string Name, string Slug, string? Gender);

/// <summary>
/// A model's limits, features and defaults. dryAPI sends numbers as numbers or numeric strings,
/// flags as booleans or "0"/"1", and an empty array where there is no info; this reads them all.
/// </summary>
[JsonConverter(typeof(ModelInfoConverter))]
public sealed record ModelInfo(
    IReadOnlyDictionary<string, JsonElement> Limits,
    IReadOnlyDictionary<string, JsonElement> Features,
    IReadOnlyDictionary<string, JsonElement> Defaults)
{
    public static ModelInfo Empty { get; } = new(
        new Dictionary<string, JsonElement>(),
        new Dictionary<string, JsonElement>(),
        new Dictionary<string, JsonElement>());

    public double? Limit(string name) => ReadNumber(Limits, name);

    public double? DefaultNumber(string name) => ReadNumber(Defaults, name);

    public string? DefaultText(string name) =>
        Defaults.TryGetValue(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;

    /// <summary>A feature flag; absent means unsupported.</summary>
    public bool Supports(string feature) =>
        Features.TryGetValue(feature, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.Number => value.GetDouble() != 0,
            JsonValueKind.String => value.GetString() is "1" or "true" or "True",
            _ => false,
        };

    private static double? ReadNumber(IReadOnlyDictionary<string, JsonElement> values, string name) =>
        values.TryGetValue(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            }
            : null;

    private sealed class ModelInfoConverter : JsonConverter<ModelInfo>
    {
        public override ModelInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            return new ModelInfo(Section(root, "limits"), Section(root, "features"), Section(root, "defaults"));
        }

        public override void Write(Utf8JsonWriter writer, ModelInfo value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            WriteSection(writer, "limits", value.Limits);
            WriteSection(writer, "features", value.Features);
            WriteSection(writer, "defaults", value.Defaults);
            writer.WriteEndObject();
        }

        private static Dictionary<string, JsonElement> Section(JsonElement root, string name)
        {
            var section = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    section[property.Name] = property.Value.Clone();
                }
            }

            return section;
        }

        private static void WriteSection(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, JsonElement> values)
        {
            writer.WriteStartObject(name);
            foreach (var (key, value) in values)
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }
    }
}

/// <summary>Every model dryAPI lists, all pages read.</summary>
public sealed record ModelCatalog(IReadOnlyList<DryApiModel> Models);

/// <summary>One page of <c>/models</c> as dryAPI pages it (Laravel's paginated resource).</summary>
public sealed record ModelPage(IReadOnlyList<DryApiModel> Models, int CurrentPage, int LastPage);
