using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace DryApi.Mcp.Bench;

/// <summary>The HTTP requests the benchmarks send: dryAPI's balance, and MCP JSON-RPC over Streamable HTTP.</summary>
internal static class Wire
{
    /// <summary>The simulator's key for every benchmark: an Unlimited-tier account, so no rate limit shapes the figures.</summary>
    public const string ApiKey = "1|bench-unlimited-key";

    public const string ProtocolVersion = "2025-11-25";

    public static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
    })
    {
        Timeout = TimeSpan.FromMinutes(5),
    };

    public static HttpRequestMessage Balance(Uri simulator)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator, "api/v1/client/balance"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        // Like dryAPI, the simulator redirects a request that does not ask for JSON to its login page.
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>A JSON-RPC message POSTed as a conforming Streamable HTTP client sends it.</summary>
    public static HttpRequestMessage Post(Uri endpoint, string body, string? sessionId = null, string protocolVersion = ProtocolVersion, string apiKey = ApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", protocolVersion);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
        }

        return request;
    }

    /// <summary>A <c>tools/call</c>; with <paramref name="progressToken"/> it asks for progress, as most hosts do.</summary>
    public static string ToolCall(string name, JsonObject arguments, int id = 1, string? progressToken = null)
    {
        var parameters = new JsonObject { ["name"] = name, ["arguments"] = arguments };
        if (progressToken is not null)
        {
            parameters["_meta"] = new JsonObject { ["progressToken"] = progressToken };
        }

        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "tools/call", ["params"] = parameters }.ToJsonString();
    }

    /// <summary>The arguments of one small <c>text_to_image</c> call; <paramref name="take"/> makes each call a different job.</summary>
    public static JsonObject TextToImage(int take) => new()
    {
        ["prompt"] = $"a red fox in the snow, take {take}",
        ["model"] = "Flux1schnell",
        ["width"] = 512,
        ["height"] = 512,
        ["steps"] = 4,
        ["seed"] = take,
    };

    /// <summary>Every request the simulator has journaled so far (its control API's <c>/_sim/requests</c>).</summary>
    public static async Task<JsonArray> JournalAsync(HttpClient control, Uri simulator) =>
        JsonNode.Parse(await control.GetStringAsync(new Uri(simulator, "_sim/requests")))!.AsArray();

    /// <summary>The JSON-RPC response in a plain JSON body or in an event stream (the last message with an id).</summary>
    public static JsonNode? Response(string body) =>
        body.TrimStart().StartsWith('{')
            ? JsonNode.Parse(body)
            : body.Split('\n')
                .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
                .Select(line => line["data:".Length..].Trim())
                // A stream may open with an event without data (a resumption point).
                .Where(data => data.Length > 0)
                .Select(data => JsonNode.Parse(data))
                .LastOrDefault(message => message?["id"] is not null);

    /// <summary>Sends <paramref name="request"/> and returns the body, failing unless the status is 200.</summary>
    public static async Task<string> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await http.SendAsync(request, cancellationToken))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? body
                : throw new HttpRequestException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {body[..Math.Min(200, body.Length)]}");
        }
    }

    /// <summary>The tool result in a tools/call answer, failing on a JSON-RPC error or a tool error.</summary>
    public static JsonNode ToolResult(string body)
    {
        var result = Response(body)?["result"];
        if (result is null || result["isError"]?.GetValue<bool>() == true)
        {
            throw new InvalidDataException($"The tool call failed: {body[..Math.Min(300, body.Length)]}");
        }

        return result;
    }
}
