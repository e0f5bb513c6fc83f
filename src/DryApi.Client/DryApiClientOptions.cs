namespace DryApi.Client;

/// <summary>Where dryAPI is and how patiently to talk to it. Bound from the <c>DryApi</c> configuration section.</summary>
public sealed class DryApiClientOptions
{
    public const string SectionName = "DryApi";

    /// <summary>dryAPI's origin; operations live under <c>/api/v1/client/</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.dryapi.dev/");

    /// <summary>One attempt of a request without files.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt of a multipart request that uploads files.</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries after the first attempt of a request that is safe to repeat.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest <c>Retry-After</c> of a 429 worth waiting for inside one call; a longer one (a minute window,
    /// a daily limit) is returned to the caller at once with the time to wait.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests in a row, from any caller, that dryAPI left unanswered (no connection, timeout, 5xx) before the circuit
    /// breaker opens and calls fail at once without being sent.
    /// </summary>
    public int CircuitBreakerFailures { get; set; } = 5;

    /// <summary>How long an open breaker refuses requests before it lets one through to see whether dryAPI is back.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Page size used to read the whole model catalogue.</summary>
    public int ModelsPageSize { get; set; } = 50;
}
