using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Client;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Tasks;
using DryApi.Mcp.Tools;
using DryApi.Mcp.Tools.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// Streamable HTTP at <c>/mcp</c>, stateless: every POST gets its own MCP server for the one message it carries,
/// so any replica can answer any request. GET and DELETE (streams and sessions) are not offered.
/// </summary>
internal sealed class McpEndpoint(
    ToolCatalog catalog,
    InFlightCalls inFlight,
    OriginPolicy originPolicy,
    BearerCredentialResolver credentials,
    RequestBodyBudget bodyBudget,
    JobTasks tasks,
    IOptions<McpHostOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory)
{
    public async Task HandlePostAsync(HttpContext context)
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

        if (ReadMessage(context.Request, messageBytes.Span) is not { } message)
        {
            await JsonRpcRejection.BadRequest("The body must be one JSON-RPC message.").WriteAsync(context, default);
            return;
        }

        var requestId = message is JsonRpcRequest request ? request.Id : default;
        if (ProtocolHeaderChecks.Check(context.Request, message) is { } rejection)
        {
            await rejection.WriteAsync(context, requestId);
            return;
        }

        context.RequestServices.GetRequiredService<CallerCredential>().Credential = credential;
        if (message is JsonRpcNotification { Method: NotificationMethods.CancelledNotification } cancellation)
        {
            inFlight.Cancel(credential, cancellation);
        }

        using var call = message is JsonRpcRequest ? inFlight.Track(credential, requestId, context.RequestAborted) : null;
        await ServeAsync(context, message, call?.Token ?? context.RequestAborted);
    }

    public static Task RejectWithoutStreamsAsync(HttpContext context)
    {
        context.Response.Headers.Allow = HttpMethods.Post;
        return new JsonRpcRejection(StatusCodes.Status405MethodNotAllowed, (int)McpErrorCode.InvalidRequest,
            "This server is stateless: it offers no event stream (GET) and no sessions (DELETE). Use POST.").WriteAsync(context, default);
    }

    private async Task ServeAsync(HttpContext context, JsonRpcMessage message, CancellationToken cancellationToken)
    {
        var tools = catalog.Select(ToolSelection.From(options.Value, context.Request.Query["tools"]));
        if (message is JsonRpcRequest { Method: RequestMethods.ToolsCall } toolCall
            && ((toolCall.Params as JsonObject)?["name"] is JsonValue name && name.TryGetValue(out string? toolName) ? toolName : null) is var calledName
            && (calledName is null || !tools.TryGetPrimitive(calledName, out _)))
        {
            // The SDK would answer the same error, but log it as a server error; a client's wrong tool name is not one.
            await JsonRpcRejection.UnknownTool(calledName).WriteAsync(context, toolCall.Id);
            return;
        }

        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var serverOptions = ServerDescription.Options(tools, tasks.Offered);

        using var stopServer = new CancellationTokenSource();
        var server = McpServer.Create(transport, serverOptions, loggerFactory, context.RequestServices);
        var running = server.RunAsync(stopServer.Token);
        try
        {
            var isModern = McpProtocol.IsModern(context.Request.Headers[McpProtocol.VersionHeader]);
            StartEventStream(context);
            await using var body = new HeartbeatStream(context.Response.Body, timeProvider, options.Value.HeartbeatInterval);
            var wroteResponse = await transport.HandlePostRequestAsync(
                message, body, isModern ? first => MapModernErrorStatus(context, first) : null, cancellationToken);
            if (!wroteResponse)
            {
                context.Response.Headers.ContentType = (string?)null;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        catch (JsonException exception) when (!context.Response.HasStarted)
        {
            // The SDK's transport reads initialize's params itself, and throws on a malformed shape.
            await JsonRpcRejection.InvalidParams($"The params of this message are malformed: {exception.Message}")
                .WriteAsync(context, message is JsonRpcRequest request ? request.Id : default);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client cancelled the call or went away; a cancelled request gets no response.
        }
        finally
        {
            await transport.DisposeAsync();
            await stopServer.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
                // The server stops when its one message has been answered.
            }

            await server.DisposeAsync();
        }
    }

    /// <summary>On the modern revision some JSON-RPC errors are also HTTP statuses; the status is set before the first byte.</summary>
    private static ValueTask MapModernErrorStatus(HttpContext context, JsonRpcMessage? first)
    {
        if (first is JsonRpcError { Error: { } error } && !context.Response.HasStarted)
        {
            context.Response.StatusCode = (McpErrorCode)error.Code switch
            {
                McpErrorCode.MethodNotFound => StatusCodes.Status404NotFound,
                McpErrorCode.MissingRequiredClientCapability or McpErrorCode.UnsupportedProtocolVersion or McpErrorCode.HeaderMismatch
                    => StatusCodes.Status400BadRequest,
                _ => context.Response.StatusCode,
            };
        }

        return ValueTask.CompletedTask;
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

        if (!AcceptsJsonAndEventStream(context.Request))
        {
            return new JsonRpcRejection(StatusCodes.Status406NotAcceptable, (int)McpErrorCode.InvalidRequest,
                "The client must accept both application/json and text/event-stream.");
        }

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

    private static void StartEventStream(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        // Proxies such as nginx must pass events through as they are written.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }

    private static bool AcceptsJsonAndEventStream(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept;
        return accepted.Any(type => Matches(type, "application/json")) && accepted.Any(type => Matches(type, "text/event-stream"));
    }

    private static bool Matches(MediaTypeHeaderValue accepted, string mediaType) =>
        accepted.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    private static bool IsUtf8Json(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            return false;
        }

        var charset = MediaTypeHeaderValue.Parse(request.ContentType).Charset;
        return Microsoft.Extensions.Primitives.StringSegment.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
    }

    private static JsonRpcMessage? ReadMessage(HttpRequest request, ReadOnlySpan<byte> body)
    {
        try
        {
            var message = JsonSerializer.Deserialize(
                body, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage)));
            if (message is not null && request.Headers[McpProtocol.VersionHeader].ToString() is { Length: > 0 } version)
            {
                message.Context ??= new JsonRpcMessageContext();
                message.Context.ProtocolVersion = version;
            }

            return message;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }
}
