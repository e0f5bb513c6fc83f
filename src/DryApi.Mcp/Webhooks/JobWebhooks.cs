using System.Collections.Concurrent;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Jobs;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Webhooks;

/// <summary>
/// Our webhooks for the jobs we wait for, when <c>Auth:PublicBaseUrl</c> is https: each job gets a URL of its own
/// (<see cref="WebhookTokens"/>), and a webhook for it wakes its wait, which then confirms with a status request
/// under the caller's key. A webhook is a hint, never data: it ends a pause, nothing more. Waits and the token key are
/// this process's only; a webhook that reaches another replica gets 404 there (dryAPI retries it later), and the
/// wait's fallback polling finds the result.
/// </summary>
internal sealed class JobWebhooks
{
    public const string PathPrefix = "/webhooks/dryapi/";

    private readonly ConcurrentDictionary<string, JobWebhook> waits = new(StringComparer.Ordinal);
    private readonly WebhookTokens tokens;
    private readonly string? baseUrl;
    private readonly TimeSpan fallbackDelay;
    private volatile bool served;

    public JobWebhooks(IOptions<OAuthOptions> oauth, IOptions<PollingOptions> polling, TimeProvider timeProvider)
    {
        tokens = new WebhookTokens(timeProvider);
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

    /// <summary>Wakes the wait if it is still here and the event says its job may have ended.</summary>
    public void Hint(string waitId, string? eventName, string? requestId)
    {
        if (eventName is "job.completed" or "job.failed" && waits.TryGetValue(waitId, out var webhook) && webhook.Concerns(requestId))
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
