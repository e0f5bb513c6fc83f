using System.Collections.Concurrent;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Backplane;
using DryApi.Mcp.Jobs;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Webhooks;

/// <summary>
/// Our webhooks for the jobs we wait for, when <c>Auth:PublicBaseUrl</c> is https: each job gets a URL of its own
/// (<see cref="WebhookTokens"/>), and a webhook for it wakes its wait, which then confirms with a status request
/// under the caller's key. A webhook is a hint, never data: it ends a pause, nothing more. A webhook that reaches a
/// replica whose waits do not include its job goes out on the backplane to the one that waits (tokens are read by
/// every replica that shares the sealing keys); without a backplane the wait's fallback polling finds the result.
/// </summary>
internal sealed class JobWebhooks
{
    public const string PathPrefix = "/webhooks/dryapi/";

    private const string Channel = "webhook";

    private readonly ConcurrentDictionary<string, JobWebhook> waits = new(StringComparer.Ordinal);
    private readonly WebhookTokens tokens;
    private readonly string? baseUrl;
    private readonly TimeSpan fallbackDelay;
    private readonly RedisBackplane backplane;
    private volatile bool served;

    public JobWebhooks(IOptions<OAuthOptions> oauth, IOptions<PollingOptions> polling, RedisBackplane backplane, TimeProvider timeProvider)
    {
        // Only replicas that share a backplane need to read each other's tokens; without one, another replica's token gets
        // 404 and dryAPI retries the delivery later, perhaps at the replica that waits.
        tokens = new WebhookTokens(timeProvider, backplane.Enabled ? [.. TokenSealer.UsableKeys(oauth.Value).Select(key => key.Secret)] : []);
        this.backplane = backplane;
        backplane.Subscribe(Channel, HintPublished);
        fallbackDelay = polling.Value.WebhookFallbackDelay;
        baseUrl = Uri.TryCreate(oauth.Value.PublicBaseUrl, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps
            ? oauth.Value.PublicBaseUrl!.TrimEnd('/')
            : null;
    }

    /// <summary>Whether the public base URL is https (dryAPI calls no other), so the webhook endpoint is mapped.</summary>
    public bool HasPublicUrl => baseUrl is not null;

    /// <summary>The endpoint is mapped: from now on jobs get webhooks. A host without it (<c>--stdio</c>) never gives any.</summary>
    public void Served() => served = true;

    /// <summary>A webhook for one job about to be submitted; null unless the endpoint is served. Dispose it when the wait ends.</summary>
    public JobWebhook? Open()
    {
        if (!served || baseUrl is null)
        {
            return null;
        }

        var (token, waitId) = tokens.Issue();
        var webhook = new JobWebhook(this, waitId, baseUrl + PathPrefix + token, new WakeSignal(fallbackDelay));
        waits[waitId] = webhook;
        return webhook;
    }

    /// <summary>The wait a token of ours names; null for a token that is not ours or has expired.</summary>
    public string? WaitOf(string token) => tokens.Read(token);

    /// <summary>
    /// Wakes the wait when the event says its job may have ended: here if it waits here, else through the backplane
    /// wherever it waits. False when the wait is not here and the backplane, configured, could not take the hint: the
    /// delivery is then refused so that dryAPI retries it.
    /// </summary>
    public async Task<bool> HintAsync(string waitId, string? eventName, string? requestId)
    {
        if (eventName is not ("job.completed" or "job.failed"))
        {
            return true;
        }

        if (!waits.ContainsKey(waitId))
        {
            return !backplane.Enabled || await backplane.PublishAsync(Channel, $"{waitId}\n{requestId}");
        }

        WakeHere(waitId, requestId);
        return true;
    }

    private void HintPublished(string message)
    {
        var parts = message.Split('\n', 2);
        if (parts.Length == 2)
        {
            WakeHere(parts[0], parts[1].Length == 0 ? null : parts[1]);
        }
    }

    private void WakeHere(string waitId, string? requestId)
    {
        if (waits.TryGetValue(waitId, out var webhook) && webhook.Concerns(requestId))
        {
            webhook.Signal.Wake();
        }
    }

    internal void Close(string waitId) => waits.TryRemove(waitId, out _);
}

/// <summary>The webhook URL of one job and the signal that wakes its wait.</summary>
internal sealed class JobWebhook(JobWebhooks owner, string waitId, string url, WakeSignal signal) : IDisposable
{
    private string? requestId;

    public string Url { get; } = url;

    public WakeSignal Signal { get; } = signal;

    /// <summary>Ties the webhook to the job dryAPI created; a webhook naming another job then wakes nothing.</summary>
    public void Bind(string submitted) => Volatile.Write(ref requestId, submitted);

    /// <summary>A webhook that arrives before the submission's answer names a job not yet known: it still counts.</summary>
    public bool Concerns(string? named) => Volatile.Read(ref requestId) is not { } bound || bound == named;

    public void Dispose() => owner.Close(waitId);
}
