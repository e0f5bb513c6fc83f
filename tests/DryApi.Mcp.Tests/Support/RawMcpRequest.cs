using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Support;

/// <summary>Hand-made Streamable HTTP requests, for what the SDK's client would never send.</summary>
public static class RawMcpRequest
{
    public const string Modern = "2026-07-28";
    public const string Legacy = "2025-11-25";

    /// <summary>A JSON-RPC request body; on the modern revision <c>params._meta</c> carries the version and capabilities.</summary>
    public static JsonObject Call(string method, JsonObject? parameters = null, string? metaVersion = null, int id = 1)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (metaVersion is not null)
        {
            body["params"]!["_meta"] = new JsonObject
            {
                [MetaKeys.ProtocolVersion] = metaVersion,
                [MetaKeys.ClientCapabilities] = new JsonObject(),
            };
        }

        return body;
    }

    public static JsonObject Notification(string method) => new() { ["jsonrpc"] = "2.0", ["method"] = method };

    /// <summary>A POST as a conforming client sends it; set <paramref name="headers"/> to deviate.</summary>
    public static HttpRequestMessage Post(Uri endpoint, JsonNode body, string? key, IReadOnlyDictionary<string, string>? headers = null, string accept = "application/json, text/event-stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>Headers of a modern-revision request for <paramref name="method"/> (and its target, for named methods).</summary>
    public static Dictionary<string, string> ModernHeaders(string method, string? name = null)
    {
        var headers = new Dictionary<string, string> { ["MCP-Protocol-Version"] = Modern, ["Mcp-Method"] = method };
        if (name is not null)
        {
            headers["Mcp-Name"] = name;
        }

        return headers;
    }

    /// <summary>The JSON-RPC response in a body that is either plain JSON or an event stream (the last message with an id).</summary>
    public static JsonNode? ResponseMessage(string body, string? mediaType)
    {
        if (mediaType != "text/event-stream")
        {
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }

        return Events(body).LastOrDefault(message => message?["id"] is not null);
    }

    /// <summary>Each <c>data:</c> payload of an event stream, parsed.</summary>
    public static IEnumerable<JsonNode?> Events(string body) =>
        body.Split('\n')
            .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
            .Select(line => JsonNode.Parse(line["data:".Length..].Trim()));
}
