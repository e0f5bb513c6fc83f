using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DryApi.Simulator.Tests.Support;

/// <summary>A response read whole: status, headers and the body as text and, when it parses, as JSON.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, HttpResponseHeaders Headers, string? ContentType, string Text)
{
    public JsonNode? Json
    {
        get
        {
            try
            {
                return JsonNode.Parse(Text);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public JsonNode Data => Json?["data"] ?? throw new InvalidOperationException($"No data in: {Text}");

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The field names a 422 body names, in either of dryAPI's two envelopes.</summary>
    public IReadOnlyList<string> ErrorFields => Json?["errors"] switch
    {
        JsonObject fields => [.. fields.Select(f => f.Key)],
        JsonArray list => [.. list.Select(item => item!["field"]!.GetValue<string>())],
        _ => [],
    };

    /// <summary>Every error message of a 422 body, in either envelope.</summary>
    public IReadOnlyList<string> ErrorMessages => Json?["errors"] switch
    {
        JsonObject fields => [.. fields.SelectMany(f => f.Value!.AsArray().Select(m => m!.GetValue<string>()))],
        JsonArray list => [.. list.SelectMany(item => item!["messages"]!.AsArray().Select(m => m!.GetValue<string>()))],
        _ => [],
    };

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        new(response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(cancellationToken));
}
