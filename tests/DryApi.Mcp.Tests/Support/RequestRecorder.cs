using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace DryApi.Mcp.Tests.Support;

/// <summary>One HTTP request an MCP client sent: its method, MCP headers, JSON-RPC method and parameters.</summary>
public sealed record SentRequest(
    HttpMethod HttpMethod,
    int StatusCode,
    string? ProtocolVersionHeader,
    string? MethodHeader,
    string? NameHeader,
    string? RpcMethod,
    JsonNode? RpcParams);

/// <summary>Sits under an MCP client's <see cref="HttpClient"/> and records what the client sends on the wire.</summary>
public sealed class RequestRecorder() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<SentRequest> sent = new();

    public IReadOnlyList<SentRequest> Sent => [.. sent];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        JsonNode? body = null;
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            var text = await request.Content.ReadAsStringAsync(cancellationToken);
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }

        var response = await base.SendAsync(request, cancellationToken);
        sent.Enqueue(new SentRequest(
            request.Method,
            (int)response.StatusCode,
            Header(request, "MCP-Protocol-Version"),
            Header(request, "Mcp-Method"),
            Header(request, "Mcp-Name"),
            body?["method"]?.GetValue<string>(),
            body?["params"]?.DeepClone()));
        return response;
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
