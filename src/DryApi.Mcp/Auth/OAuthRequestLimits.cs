using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

/// <summary>
/// <c>Auth:RequestsPerMinute</c> per client address, a separate one-minute window for each of <c>/authorize</c>,
/// <c>/token</c> and <c>/register</c>, applied by <see cref="OAuthRequestGuard"/> to the canonical path, so every
/// spelling of it (<c>/TOKEN/</c>, <c>/token/.</c>) counts against the same window.
/// </summary>
internal sealed class OAuthRequestLimits : IDisposable
{
    private readonly int requestsPerMinute;
    private readonly PartitionedRateLimiter<(string Endpoint, string Address)> limiter;

    public OAuthRequestLimits(IOptions<OAuthOptions> options)
    {
        requestsPerMinute = options.Value.RequestsPerMinute;
        limiter = PartitionedRateLimiter.Create<(string Endpoint, string Address), (string, string)>(
            key => RateLimitPartition.GetFixedWindowLimiter(key, _ => MinuteWindow.Of(requestsPerMinute)));
    }

    /// <summary>Null when the request may go ahead; else a refusal naming the limit, with <c>Retry-After</c> set.</summary>
    public string? Refusal(HttpContext context, string endpoint)
    {
        using var lease = limiter.AttemptAcquire((endpoint, ClientAddress.Of(context)));
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = MinuteWindow.RetryAfterSeconds(lease);
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return $"Too many requests to {endpoint} from your address: the limit is {requestsPerMinute} a minute (Auth:RequestsPerMinute). " +
               $"Try again in {retryAfter} seconds.";
    }

    public void Dispose() => limiter.Dispose();
}

/// <summary>The one-minute fixed windows the OAuth limits use.</summary>
internal static class MinuteWindow
{
    public static FixedWindowRateLimiterOptions Of(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    /// <summary>Whole seconds until a refused lease's window ends, at least one.</summary>
    public static int RetryAfterSeconds(RateLimitLease refused) =>
        refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
}
