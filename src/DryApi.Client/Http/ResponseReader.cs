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
    public static TResponse Read<TResponse>(OperationContract contract, string body)
        where TResponse : class
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        object result = contract.Response == ResponseShape.ModelPage ? ReadModelPage(root) : Deserialize<TResponse>(Unwrap(root));
        return (TResponse)result;
    }

    private static JsonElement Unwrap(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data
            : root;

    private static T Deserialize<T>(JsonElement element) =>
        element.Deserialize<T>(DryApiJson.Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, found null.");

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

        var models = Deserialize<List<DryApiModel>>(list);
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
