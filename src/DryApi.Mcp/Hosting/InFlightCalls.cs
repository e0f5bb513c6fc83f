using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DryApi.Client;
using DryApi.Mcp.Backplane;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// The requests this instance is answering, so a <c>notifications/cancelled</c> that arrives in a separate POST (the
/// server is stateless, so it reaches a fresh MCP server) can still stop the call it names. A call is found by its
/// JSON-RPC id and the caller's credential fingerprint, so nobody can cancel another caller's work. A cancellation for
/// a call that is not here goes out on the backplane (when there is one) to the replica that runs it.
/// </summary>
internal sealed class InFlightCalls
{
    private const string Channel = "cancel";

    /// <summary>
    /// The longest request id whose cancellation goes to the other replicas. Clients number their requests; a longer id
    /// (up to a body's size, from a caller whose key nothing has checked yet) would be copied to every replica.
    /// </summary>
    private const int MaxSharedRequestIdLength = 128;

    private readonly ConcurrentDictionary<(string Caller, string RequestId), CancellationTokenSource> calls = new();
    private readonly RedisBackplane backplane;

    public InFlightCalls(RedisBackplane backplane)
    {
        this.backplane = backplane;
        backplane.Subscribe(Channel, CancelPublished);
    }

    /// <summary>Tracks a request until the returned handle is disposed; its token is cancelled by a matching cancellation.</summary>
    public Registration Track(DryApiCredential caller, RequestId requestId, CancellationToken requestAborted)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        var key = (caller.Fingerprint, requestId.ToString());
        calls[key] = source;
        return new Registration(this, key, source);
    }

    /// <summary>Cancels the call a <c>notifications/cancelled</c> names, here or, through the backplane, on another replica.</summary>
    public async Task CancelAsync(DryApiCredential caller, JsonRpcNotification notification)
    {
        if (notification.Params is JsonObject parameters && parameters["requestId"] is JsonValue value)
        {
            var requestId = value.ToJsonString().Trim('"');
            if (!CancelHere(caller.Fingerprint, requestId) && requestId.Length <= MaxSharedRequestIdLength)
            {
                await backplane.PublishAsync(Channel, caller.Fingerprint + "\n" + requestId);
            }
        }
    }

    private void CancelPublished(string message)
    {
        var parts = message.Split('\n', 2);
        if (parts.Length == 2)
        {
            CancelHere(parts[0], parts[1]);
        }
    }

    private bool CancelHere(string callerFingerprint, string requestId)
    {
        if (!calls.TryGetValue((callerFingerprint, requestId), out var source))
        {
            return false;
        }

        source.Cancel();
        return true;
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
