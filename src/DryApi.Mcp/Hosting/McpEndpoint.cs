using System.Text.Json;
using DryApi.Client;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Tools.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// What this server adds in front of the SDK's Streamable HTTP handler (<c>MapMcp</c>, stateless) at <c>/mcp</c>.
/// The SDK checks Accept, the protocol-version envelope, <c>Mcp-Method</c>/<c>Mcp-Name</c> and the per-request
/// <c>_meta</c> of the stateless revision, answers methods it removed with 404 and runs one MCP server per POST.
/// Before it, this layer refuses what the headers alone refuse (a stopping server, a foreign Origin, a non-JSON body),
/// settles the caller's credential before a byte of the body is read, reads the body within its budgets, takes long
/// file values out of it, and refuses protocol versions this server does not speak. Around it, it keeps a quiet call's
/// stream alive, lets a <c>notifications/cancelled</c> in another POST stop the call, and answers malformed
/// <c>initialize</c> params with 400, where the SDK would answer 500. GET and DELETE (streams and sessions) are not offered.
/// </summary>
internal sealed class McpEndpoint(
    InFlightCalls inFlight,
    OriginPolicy originPolicy,
    BearerCredentialResolver credentials,
    RequestBodyBudget bodyBudget,
    IOptions<McpHostOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime)
{
    public async Task HandlePostAsync(HttpContext context, RequestDelegate sdkHandler)
    {
        var caller = context.RequestServices.GetRequiredService<CallingClient>();
        caller.ArrivedAt = timeProvider.GetTimestamp();
        caller.UserAgent = context.Request.Headers.UserAgent;
        if (HeaderRefusal(context) is { } refusal)
        {
            await RefuseUnreadAsync(context, refusal);
            return;
        }

        if (await ReadFromTrustedCallerAsync(context) is not var (credential, body))
        {
            return;
        }

        using var heldBody = body;
        var messageBytes = FileValueDetacher.Detach(body.Bytes, context.RequestServices.GetRequiredService<ToolCallBody>());
        if (messageBytes.Length > options.Value.MaxMessageBytesWithoutFiles)
        {
            await JsonRpcRejection.MessageTooLarge(messageBytes.Length, options.Value.MaxMessageBytesWithoutFiles).WriteAsync(context, default);
            return;
        }

        // A body that is no JSON-RPC message goes on to the SDK, which refuses it with 400.
        var message = ReadMessage(messageBytes.Span);
        var requestId = message is JsonRpcRequest request ? request.Id : default;
        if (McpProtocol.CheckVersion(context.Request, message) is { } rejection)
        {
            await rejection.WriteAsync(context, requestId);
            return;
        }

        context.RequestServices.GetRequiredService<CallerCredential>().Credential = credential;
        if (message is JsonRpcNotification { Method: NotificationMethods.CancelledNotification } cancellation)
        {
            await inFlight.CancelAsync(credential, cancellation);
        }

        // The SDK reads the message from the request body: it gets the body with the file values taken out.
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(messageBytes, out var messageSegment);
        context.Request.Body = new MemoryStream(messageSegment.Array!, messageSegment.Offset, messageSegment.Count, writable: false);
        context.Request.ContentLength = messageBytes.Length;
        var requestAborted = context.RequestAborted;
        using var call = message is JsonRpcRequest ? inFlight.Track(credential, requestId, requestAborted) : null;
        try
        {
            // The SDK's handler runs the call under RequestAborted; a matching notifications/cancelled now stops it too.
            context.RequestAborted = call?.Token ?? requestAborted;
            await ServeAsync(context, sdkHandler, message, requestId);
        }
        finally
        {
            context.RequestAborted = requestAborted;
        }
    }

    public static Task RejectWithoutStreamsAsync(HttpContext context)
    {
        context.Response.Headers.Allow = HttpMethods.Post;
        return new JsonRpcRejection(StatusCodes.Status405MethodNotAllowed, (int)McpErrorCode.InvalidRequest,
            "This server is stateless: it offers no event stream (GET) and no sessions (DELETE). Use POST.").WriteAsync(context, default);
    }

    private async Task ServeAsync(HttpContext context, RequestDelegate sdkHandler, JsonRpcMessage? message, RequestId requestId)
    {
        var responseBody = context.Response.Body;
        var response = context.Response;
        var heartbeat = new HeartbeatStream(responseBody, timeProvider, options.Value.HeartbeatInterval,
            () => string.Equals(response.ContentType, "text/event-stream", StringComparison.Ordinal));
        context.Response.Body = heartbeat;
        try
        {
            await sdkHandler(context);
        }
        catch (JsonException exception) when (!context.Response.HasStarted && message is JsonRpcRequest { Method: RequestMethods.Initialize })
        {
            // The SDK's transport reads initialize's params itself, and throws on a malformed shape.
            context.Response.Body = responseBody;
            await JsonRpcRejection.InvalidParams($"The params of this message are malformed: {exception.Message}").WriteAsync(context, requestId);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client cancelled the call or went away; a cancelled request gets no response.
        }
        finally
        {
            await heartbeat.DisposeAsync();
            context.Response.Body = responseBody;
        }
    }

    /// <summary>What the headers alone refuse: a stopping server, a foreign Origin, an Accept or Content-Type that will not do.</summary>
    private JsonRpcRejection? HeaderRefusal(HttpContext context)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            context.Response.Headers.RetryAfter = "5";
            return JsonRpcRejection.ShuttingDown();
        }

        if (!originPolicy.Allows(context.Request))
        {
            return new JsonRpcRejection(StatusCodes.Status403Forbidden, (int)McpErrorCode.InvalidRequest,
                "This Origin is not allowed. Add it to Mcp:AllowedOrigins to let a browser page call this server.");
        }

        // The SDK reads any JSON content type (and throws on others); this server takes UTF-8 JSON only, and says so.
        return IsUtf8Json(context.Request)
            ? null
            : new JsonRpcRejection(StatusCodes.Status415UnsupportedMediaType, (int)McpErrorCode.InvalidRequest,
                "The body must be one JSON-RPC message sent as Content-Type: application/json (UTF-8).");
    }

    /// <summary>
    /// The caller's credential and the body, or null once a refusal is written. The caller is settled from the headers
    /// before a byte of the body is read, so one without a key the server accepts costs it no body; past
    /// <see cref="McpHostOptions.MaxUnverifiedBodyBytes"/> the body also waits for dryAPI's word on the key.
    /// </summary>
    private async Task<(DryApiCredential Credential, RequestBody Body)?> ReadFromTrustedCallerAsync(HttpContext context)
    {
        try
        {
            if (await credentials.ResolveAsync(context.Request, context.RequestAborted) is not { } credential)
            {
                await Challenge(context);
                return null;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
            {
                sizeLimit.MaxRequestBodySize = options.Value.MaxRequestBodyBytes;
            }

            var reader = new RequestBodyReader(options.Value, bodyBudget, token => credentials.AcceptedByDryApiAsync(context.Request, token));
            var read = await reader.ReadAsync(context.Request, context.RequestAborted);
            if (read.Body is { } body)
            {
                return (credential, body);
            }

            await (read.KeyRefused ? Challenge(context) : RefuseUnreadAsync(context, read.Rejection!));
            return null;
        }
        catch (KeyChecksLimitedException limited)
        {
            limited.SetRetryAfter(context.Response);
            await RefuseUnreadAsync(context, new JsonRpcRejection(StatusCodes.Status429TooManyRequests, (int)McpErrorCode.InvalidRequest, limited.Message));
            return null;
        }
    }

    /// <summary>The 401 for a caller without a key the server accepts; it comes before the body is read.</summary>
    private Task Challenge(HttpContext context)
    {
        var challenge = credentials.Challenge(context.Request);
        context.Response.Headers.WWWAuthenticate = challenge.WwwAuthenticate;
        return RefuseUnreadAsync(context, new JsonRpcRejection(StatusCodes.Status401Unauthorized, (int)McpErrorCode.InvalidRequest, challenge.Message));
    }

    /// <summary>
    /// A refusal answered before the body was read (or while reading it). The connection closes after it: the client may
    /// still be sending, and a connection reused for its next request would break under it.
    /// </summary>
    private static Task RefuseUnreadAsync(HttpContext context, JsonRpcRejection rejection)
    {
        if (context.Request.ContentLength is not 0)
        {
            context.Response.Headers.Connection = "close";
        }

        return rejection.WriteAsync(context, default);
    }

    private static bool IsUtf8Json(HttpRequest request)
    {
        // What clients send (the SDKs, curl examples) is answered without parsing the header, twice, on every call.
        if (request.ContentType is "application/json" or "application/json; charset=utf-8")
        {
            return true;
        }

        if (!request.HasJsonContentType())
        {
            return false;
        }

        var charset = MediaTypeHeaderValue.Parse(request.ContentType).Charset;
        return Microsoft.Extensions.Primitives.StringSegment.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
    }

    private static JsonRpcMessage? ReadMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(
                body, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage)));
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }
}
