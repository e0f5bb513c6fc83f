using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Hosting;

/// <summary>A JSON-RPC error answered on the HTTP layer, before any MCP server runs.</summary>
internal sealed record JsonRpcRejection(int StatusCode, int Code, string Message, JsonNode? Data = null)
{
    /// <summary>When set, a <c>Retry-After</c> header tells the client how many seconds to wait before retrying.</summary>
    public int? RetryAfterSeconds { get; init; }

    public Task WriteAsync(HttpContext context, RequestId requestId)
    {
        if (RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var error = new JsonRpcError { Id = requestId, Error = new JsonRpcErrorDetail { Code = Code, Message = Message, Data = Data } };
        context.Response.StatusCode = StatusCode;
        return context.Response.WriteAsJsonAsync(error, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError)), "application/json", context.RequestAborted);
    }

    public static JsonRpcRejection UnsupportedVersion(string requested) => new(
        StatusCodes.Status400BadRequest,
        (int)McpErrorCode.UnsupportedProtocolVersion,
        $"The {McpProtocol.VersionHeader} header value '{requested}' is not supported. Supported: {string.Join(", ", McpProtocol.Supported)}.",
        // The data lists what server/discover advertises (the stateless revision), so a client retrying with it agrees
        // with discovery; initialize-era clients read the message.
        JsonSerializer.SerializeToNode(
            new UnsupportedProtocolVersionErrorData { Supported = [McpProtocol.Modern], Requested = requested },
            McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(UnsupportedProtocolVersionErrorData))));

    public static JsonRpcRejection HeaderMismatch(string message) =>
        new(StatusCodes.Status400BadRequest, (int)McpErrorCode.HeaderMismatch, message);

    public static JsonRpcRejection InvalidParams(string message) =>
        new(StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidParams, message);

    public static JsonRpcRejection BodyTooLarge(long limit) => new(
        StatusCodes.Status413PayloadTooLarge,
        (int)McpErrorCode.InvalidRequest,
        $"The request body is larger than this server's limit of {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes " +
        "(Mcp:MaxRequestBodyBytes). Pass large files by http(s) URL instead of base64; the server fetches them.");

    public static JsonRpcRejection MessageTooLarge(long size, long limit) => new(
        StatusCodes.Status413PayloadTooLarge,
        (int)McpErrorCode.InvalidRequest,
        $"Apart from the values of file arguments (image, images, audio, video, …) this request carries {size.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes; " +
        $"this server takes at most {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} (Mcp:MaxMessageBytesWithoutFiles). Shorten the prompt or texts, or split the call.");

    public static JsonRpcRejection BadRequest(string message) =>
        new(StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidRequest, message);

    /// <summary>A request that reaches a stopping server; calls already running still answer.</summary>
    public static JsonRpcRejection ShuttingDown() => new(
        StatusCodes.Status503ServiceUnavailable,
        (int)McpErrorCode.InternalError,
        "This MCP server is shutting down and takes no new requests; nothing was run. Retry in a few seconds.");
}
