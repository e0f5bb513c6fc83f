using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DryApi.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// The requests this instance is answering, so a <c>notifications/cancelled</c> that arrives in a separate POST (the
/// server is stateless, so it reaches a fresh MCP server) can still stop the call it names. A call is found by its
/// JSON-RPC id and the caller's credential (hashed), so nobody can cancel another caller's work. Only calls on this
/// instance can be reached; behind a load balancer a client can always cancel by closing the stream.
/// </summary>
internal sealed class InFlightCalls
{
    private readonly ConcurrentDictionary<(string Caller, string RequestId), CancellationTokenSource> calls = new();

    /// <summary>Tracks a request until the returned handle is disposed; its token is cancelled by a matching cancellation.</summary>
    public Registration Track(DryApiCredential caller, RequestId requestId, CancellationToken requestAborted)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        var key = (caller.Fingerprint, requestId.ToString());
        calls[key] = source;
        return new Registration(this, key, source);
    }

    /// <summary>Cancels the call a <c>notifications/cancelled</c> names, when it runs here for the same caller.</summary>
    public void Cancel(DryApiCredential caller, JsonRpcNotification notification)
    {
        if (notification.Params is JsonObject parameters
            && parameters["requestId"] is JsonValue value
            && calls.TryGetValue((caller.Fingerprint, value.ToJsonString().Trim('"')), out var source))
        {
            source.Cancel();
        }
    }

    internal sealed class Registration(InFlightCalls owner, (string, string) key, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner.calls.TryRemove(new KeyValuePair<(string, string), CancellationTokenSource>(key, source));
            source.Dispose();
        }
    }
}
