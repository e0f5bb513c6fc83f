using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DryApi.Simulator.Wire;

/// <summary>
/// The fields of a request by name, read from where they were sent (JSON body, form body or query string),
/// with typed readers for values that validation has already accepted.
/// </summary>
internal sealed partial class RequestInput(WireRequest request)
{
    /// <summary>The field's value, or null when the request has no such field at all.</summary>
    public WireValue? Get(string name)
    {
        if (request.SentAs == SentBody.Json)
        {
            return request.Json.TryGetValue(name, out var element) ? new WireValue.Json(element) : null;
        }

        var files = request.Files.Where(f => NamesField(f.FieldName, name)).ToList();
        if (files.Count > 0)
        {
            return new WireValue.Files(files);
        }

        if (request.Text.TryGetValue(name, out var values) && values.Count > 0)
        {
            return new WireValue.Text(values[^1]);
        }

        var items = BracketedItems(name);
        return items.Count > 0 ? new WireValue.TextItems(items) : null;
    }

    /// <summary>The field is there and not blank.</summary>
    public bool Has(string name) => Get(name) is { IsNull: false };

    public string? String(string name) => Get(name) switch
    {
        WireValue.Json { Element.ValueKind: JsonValueKind.String } json => NullIfBlank(json.Element.GetString()),
        WireValue.Json { Element.ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } json => json.Element.GetRawText(),
        WireValue.Text text => NullIfBlank(text.Value),
        _ => null,
    };

    public double? Number(string name) => Get(name) switch
    {
        WireValue.Json { Element.ValueKind: JsonValueKind.Number } json => json.Element.GetDouble(),
        WireValue.Text text when TryParseNumber(text.Value, out var number) => number,
        _ => null,
    };

    public long? Integer(string name) => Number(name) is { } number ? (long)number : null;

    public bool? Boolean(string name) => Get(name) switch
    {
        WireValue.Json { Element.ValueKind: JsonValueKind.True } => true,
        WireValue.Json { Element.ValueKind: JsonValueKind.False } => false,
        WireValue.Json json => json.Element.ValueKind is JsonValueKind.Number or JsonValueKind.String && TrueText(json.Element),
        WireValue.Text text when !text.IsNull => text.Trimmed == "1",
        _ => null,
    };

    public IReadOnlyList<UploadedFile> Files(string name) => Get(name) is WireValue.Files files ? files.Items : [];

    /// <summary>A string, or the strings of an array (JSON) or comma-separated list (text).</summary>
    public IReadOnlyList<string> Strings(string name) => Get(name) switch
    {
        WireValue.Json { Element.ValueKind: JsonValueKind.Array } json =>
            [.. json.Element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
        WireValue.Json { Element.ValueKind: JsonValueKind.String } json => [json.Element.GetString()!],
        WireValue.Text text => [.. text.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => [],
    };

    /// <summary>The LoRAs of a request, as name and weight pairs (unparseable weights read as 0).</summary>
    public IReadOnlyList<(string Name, double Weight)> Loras(string name) => Get(name) switch
    {
        WireValue.Json { Element.ValueKind: JsonValueKind.Array } json =>
            [.. json.Element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => (
                e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "",
                e.TryGetProperty("weight", out var w) && w.ValueKind == JsonValueKind.Number ? w.GetDouble() : 0))],
        WireValue.TextItems items =>
            [.. items.Items.Select(i => (
                i.GetValueOrDefault("name", "").Trim(),
                TryParseNumber(i.GetValueOrDefault("weight", ""), out var weight) ? weight : 0))],
        _ => [],
    };

    /// <summary>PHP's <c>is_numeric</c> in the invariant culture: <c>7.5</c> and <c>1e3</c> are numbers, <c>7,5</c> is not.</summary>
    public static bool TryParseNumber(string text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private static bool TrueText(JsonElement element) =>
        (element.ValueKind == JsonValueKind.Number ? element.GetRawText() : element.GetString()?.Trim()) == "1";

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A file part named <c>images[]</c> or <c>images[3]</c> belongs to the field <c>images[]</c>.</summary>
    private static bool NamesField(string partName, string fieldName) =>
        partName == fieldName
        || (fieldName.EndsWith("[]", StringComparison.Ordinal)
            && partName.StartsWith(fieldName[..^1], StringComparison.Ordinal)
            && IndexSuffix().IsMatch(partName[(fieldName.Length - 1)..]));

    private List<IReadOnlyDictionary<string, string>> BracketedItems(string name)
    {
        var items = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (key, values) in request.Text)
        {
            var match = ItemKey().Match(key);
            if (match.Success && match.Groups["field"].Value == name && values.Count > 0
                && int.TryParse(match.Groups["index"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                if (!items.TryGetValue(index, out var item))
                {
                    item = new Dictionary<string, string>(StringComparer.Ordinal);
                    items[index] = item;
                }

                item[match.Groups["property"].Value] = values[^1];
            }
        }

        return [.. items.Values];
    }

    [GeneratedRegex(@"^[0-9]+\]$")]
    private static partial Regex IndexSuffix();

    [GeneratedRegex(@"^(?<field>[a-z_]+)\[(?<index>[0-9]+)\]\[(?<property>[a-z_]+)\]$")]
    private static partial Regex ItemKey();
}
