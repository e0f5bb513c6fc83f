using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Client.Responses;

namespace DryApi.Client.Http;

/// <summary>
/// Reads a successful dryAPI response tolerantly: the payload may or may not be wrapped in <c>data</c>,
/// numbers may be strings, and the model list may be nested or paginated.
/// </summary>
internal static class ResponseReader
{
    public static object Read(OperationContract contract, Type responseType, string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return contract.Response == ResponseShape.ModelPage
            ? ReadModelPage(root)
            : Unwrap(root).Deserialize(responseType, DryApiJson.Options) ?? throw new JsonException($"Expected a {responseType.Name}, found null.");
    }

    private static JsonElement Unwrap(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data
            : root;

    private static ModelPage ReadModelPage(JsonElement root)
    {
        var list = root;
        while (list.ValueKind == JsonValueKind.Object && list.TryGetProperty("data", out var inner))
        {
            list = inner;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The model list has no data array.");
        }

        var models = list.Deserialize<List<DryApiModel>>(DryApiJson.Options) ?? [];
        var meta = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("meta", out var found) ? found : default;
        var current = PageNumber(meta, "current_page") ?? 1;
        return new ModelPage(models, current, PageNumber(meta, "last_page") ?? current);
    }

    private static int? PageNumber(JsonElement meta, string name) =>
        meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt32(out var number) => number,
                JsonValueKind.String when int.TryParse(value.GetString(), out var number) => number,
                _ => null,
            }
            : null;
}
