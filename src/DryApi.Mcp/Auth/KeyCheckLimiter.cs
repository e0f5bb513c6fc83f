using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

/// <summary>
/// Bounds the API-key checks sent to dryAPI (the key page, the pre-registered client's secret, refreshes, raw bearers
/// at <c>/mcp</c>): <c>Auth:KeyChecksPerMinutePerAddress</c> per client address and <c>Auth:KeyChecksPerMinute</c> for
/// the whole server, so nobody can test keys against dryAPI through this server faster than that. A verdict already
/// cached is not a check and is never limited.
/// </summary>
internal sealed class KeyCheckLimiter : IDisposable
{
    private readonly int perAddress;
    private readonly int perServer;
    private readonly PartitionedRateLimiter<string> addressLimiter;
    private readonly FixedWindowRateLimiter serverLimiter;

    public KeyCheckLimiter(IOptions<OAuthOptions> options)
    {
        perAddress = options.Value.KeyChecksPerMinutePerAddress;
        perServer = options.Value.KeyChecksPerMinute;
        addressLimiter = PartitionedRateLimiter.Create<string, string>(
            address => RateLimitPartition.GetFixedWindowLimiter(address, _ => MinuteWindow.Of(perAddress)));
        serverLimiter = new FixedWindowRateLimiter(MinuteWindow.Of(perServer));
    }

    /// <summary>Takes one check from the caller's and the server's budgets, or throws <see cref="KeyChecksLimitedException"/>.</summary>
    public void Acquire(HttpContext caller)
    {
        using var addressLease = addressLimiter.AttemptAcquire(ClientAddress.Of(caller));
        if (!addressLease.IsAcquired)
        {
            throw new KeyChecksLimitedException(addressLease,
                $"Too many API keys were checked from your address: the limit is {perAddress} a minute (Auth:KeyChecksPerMinutePerAddress).");
        }

        using var serverLease = serverLimiter.AttemptAcquire();
        if (!serverLease.IsAcquired)
        {
            throw new KeyChecksLimitedException(serverLease,
                $"This server has checked too many API keys: the limit is {perServer} a minute (Auth:KeyChecksPerMinute).");
        }
    }

    public void Dispose()
    {
        addressLimiter.Dispose();
        serverLimiter.Dispose();
    }
}

/// <summary>A key could not be checked because a key-check limit is reached; answered with 429 and <c>Retry-After</c>.</summary>
internal sealed class KeyChecksLimitedException : Exception
{
    public KeyChecksLimitedException(RateLimitLease refused, string limit)
        : base($"{limit} Try again in {MinuteWindow.RetryAfterSeconds(refused)} seconds.")
    {
        RetryAfterSeconds = MinuteWindow.RetryAfterSeconds(refused);
    }

    public int RetryAfterSeconds { get; }

    public void SetRetryAfter(HttpResponse response) =>
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
}
