using System.Text.Json;
using System.Text.Json.Serialization;

namespace DryApi.Client.Requests;

/// <summary>The <c>input</c> of an embedding request: one text, or several (dryAPI answers in kind).</summary>
[JsonConverter(typeof(EmbeddingInputConverter))]
public sealed record EmbeddingInput
{
    private EmbeddingInput(IReadOnlyList<string> texts, bool isSingle)
    {
        Texts = texts;
        IsSingle = isSingle;
    }

    public IReadOnlyList<string> Texts { get; }

    /// <summary>Sent as a bare string rather than an array of one.</summary>
    public bool IsSingle { get; }

    public static EmbeddingInput Single(string text) => new([text], isSingle: true);

    public static EmbeddingInput Many(IReadOnlyList<string> texts) => new(texts, isSingle: false);

    public static implicit operator EmbeddingInput(string text) => Single(text);

    private sealed class EmbeddingInputConverter : JsonConverter<EmbeddingInput>
    {
        public override EmbeddingInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? Single(reader.GetString()!)
                : Many(JsonSerializer.Deserialize<string[]>(ref reader, options) ?? []);

        public override void Write(Utf8JsonWriter writer, EmbeddingInput value, JsonSerializerOptions options)
        {
            if (value.IsSingle)
            {
                writer.WriteStringValue(value.Texts[0]);
                return;
            }

            writer.WriteStartArray();
            foreach (var text in value.Texts)
            {
                writer.WriteStringValue(text);
            }

            writer.WriteEndArray();
        }
    }
}
