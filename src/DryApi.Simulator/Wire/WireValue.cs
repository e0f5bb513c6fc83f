using System.Text.Json;

namespace DryApi.Simulator.Wire;

/// <summary>One field's value as sent: a JSON value, a text value (form or query), or uploaded files.</summary>
internal abstract record WireValue
{
    /// <summary>
    /// Laravel trims strings and turns empty ones into null before validating (TrimStrings and
    /// ConvertEmptyStringsToNull), so a blank value counts as null.
    /// </summary>
    public abstract bool IsNull { get; }

    public sealed record Json(JsonElement Element) : WireValue
    {
        public override bool IsNull => Element.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => true,
            JsonValueKind.String => string.IsNullOrWhiteSpace(Element.GetString()),
            JsonValueKind.Array => Element.GetArrayLength() == 0,
            _ => false,
        };
    }

    /// <summary>A text field; PHP keeps the last value of a repeated scalar field.</summary>
    public sealed record Text(string Value) : WireValue
    {
        public override bool IsNull => string.IsNullOrWhiteSpace(Value);

        public string Trimmed => Value.Trim();
    }

    public sealed record Files(IReadOnlyList<UploadedFile> Items) : WireValue
    {
        public override bool IsNull => Items.Count == 0;
    }

    /// <summary>Bracketed form fields gathered into items, such as <c>loras[0][name]</c>.</summary>
    public sealed record TextItems(IReadOnlyList<IReadOnlyDictionary<string, string>> Items) : WireValue
    {
        public override bool IsNull => Items.Count == 0;
    }
}
