using System.Security.Cryptography;
using System.Text;
using DryApi.Client;
using DryApi.Client.Errors;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

internal enum KeyVerdict
{
    Valid,
    Invalid,

    /// <summary>dryAPI could not be asked (down, rate-limited); nothing is cached.</summary>
    Unknown,
}

/// <summary>
/// Asks dryAPI whether an API key is valid (<c>GET balance</c>: 401 or 403 means no) and remembers the verdict for
/// <see cref="OAuthOptions.KeyCheckCacheDuration"/>, keyed by an HMAC of the key under a per-process random key, so
/// the cache never holds a key. Every question to dryAPI is counted by <see cref="KeyCheckLimiter"/>; a cached verdict
/// is answered without one.
/// </summary>
internal sealed partial class ApiKeyVerifier : IDisposable
{
    private readonly byte[] cacheKeySecret = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache verdicts = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly DryApiClientFactory clients;
    private readonly KeyCheckLimiter limiter;
    private readonly TimeSpan cacheDuration;
    private readonly ILogger<ApiKeyVerifier> logger;

    public ApiKeyVerifier(DryApiClientFactory clients, KeyCheckLimiter limiter, IOptions<OAuthOptions> options, ILogger<ApiKeyVerifier> logger)
    {
        this.clients = clients;
        this.limiter = limiter;
        this.logger = logger;
        cacheDuration = options.Value.KeyCheckCacheDuration;
    }

    /// <summary>The verdict on a key <paramref name="caller"/> presented; throws <see cref="KeyChecksLimitedException"/> when dryAPI may not be asked now.</summary>
    public async Task<KeyVerdict> CheckAsync(string apiKey, HttpContext caller, CancellationToken cancellationToken)
    {
        if (apiKey.Length is 0 or > 512 || apiKey.Any(char.IsControl))
        {
            return KeyVerdict.Invalid;
        }

        var cacheKey = CacheKey(apiKey);
        if (verdicts.TryGetValue(cacheKey, out KeyVerdict cached))
        {
            return cached;
        }

        limiter.Acquire(caller);
        var verdict = await AskDryApiAsync(apiKey, cancellationToken);
        if (verdict != KeyVerdict.Unknown && cacheDuration > TimeSpan.Zero)
        {
            verdicts.Set(cacheKey, verdict, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = cacheDuration });
        }

        return verdict;
    }

    /// <summary>Whether dryAPI refused <paramref name="apiKey"/> recently (a cached verdict; nothing is asked).</summary>
    public bool IsKnownInvalid(string apiKey) => verdicts.TryGetValue(CacheKey(apiKey), out KeyVerdict cached) && cached == KeyVerdict.Invalid;

    private string CacheKey(string apiKey) => Convert.ToBase64String(HMACSHA256.HashData(cacheKeySecret, Encoding.UTF8.GetBytes(apiKey)));

    private async Task<KeyVerdict> AskDryApiAsync(string apiKey, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Create(new DryApiCredential(apiKey)).GetBalanceAsync(cancellationToken);
            return KeyVerdict.Valid;
        }
        catch (Exception exception) when (exception is DryApiAuthenticationException or DryApiForbiddenException)
        {
            return KeyVerdict.Invalid;
        }
        catch (DryApiException exception)
        {
            LogUnknown(logger, exception.GetType().Name);
            return KeyVerdict.Unknown;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An API key could not be checked against dryAPI ({Failure}); it is not cached.")]
    private static partial void LogUnknown(ILogger logger, string failure);

    public void Dispose() => verdicts.Dispose();
}
