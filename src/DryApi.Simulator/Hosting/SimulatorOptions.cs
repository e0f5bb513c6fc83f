using DryApi.Client.Contract;

namespace DryApi.Simulator;

/// <summary>The simulator's settings (configuration section <c>Simulator</c>).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>The API keys the simulator accepts, each with its account.</summary>
    public List<SimulatorKey> Keys { get; init; } = [];

    /// <summary>How long a job of each kind takes from submission to <c>done</c>.</summary>
    public Dictionary<JobKind, TimeSpan> JobDurations { get; init; } = new()
    {
        [JobKind.Image] = TimeSpan.FromSeconds(3),
        [JobKind.Video] = TimeSpan.FromSeconds(10),
        [JobKind.Audio] = TimeSpan.FromSeconds(4),
        [JobKind.Text] = TimeSpan.FromSeconds(2),
    };

    /// <summary>The share of a job's duration it spends <c>pending</c> before <c>processing</c>.</summary>
    public double PendingFraction { get; set; } = 0.1;

    /// <summary>The page size of <c>/models</c> when <c>per_page</c> is not given.</summary>
    public int DefaultPerPage { get; set; } = 15;

    /// <summary>
    /// How long a job and its result are kept after it was due to finish; null keeps every job while the simulator
    /// runs. Long load runs set it so the simulator's memory stays flat.
    /// </summary>
    public TimeSpan? JobRetention { get; set; }

    /// <summary>
    /// Scales dryAPI's webhook retry schedule (1 minute, 2, 5, 10, 30, then 1, 3, 6 and 12 hours): 1 is dryAPI's, 0.001
    /// turns the first minute into 60 ms for tests.
    /// </summary>
    public double WebhookRetryScale { get; set; } = 1;

    /// <summary>
    /// The SHA-256 thumbprint (hex) of a self-signed certificate that webhook receivers may present, e.g. a test's
    /// loopback certificate; other certificates are checked as usual. Empty trusts only what the system trusts.
    /// </summary>
    public string? WebhookTrustedCertificate { get; set; }
}

/// <summary>An API key and the account behind it.</summary>
public sealed class SimulatorKey
{
    /// <summary>The bearer token, in dryAPI's <c>&lt;number&gt;|&lt;hash&gt;</c> format.</summary>
    public string Key { get; set; } = "";

    public decimal Balance { get; set; }

    public RateTier Tier { get; set; } = RateTier.Basic;

    public bool Suspended { get; set; }

    /// <summary>The secret that signs the account's webhooks; a random one when empty.</summary>
    public string? WebhookSecret { get; set; }
}

/// <summary>dryAPI's account tiers, which decide the rate limits.</summary>
public enum RateTier
{
    /// <summary>A new account: low per-endpoint limits per minute and per day.</summary>
    Basic,

    /// <summary>An account that has paid: 300 requests per minute per endpoint, no daily limit.</summary>
    Premium,

    /// <summary>No rate limits at all (a simulator convenience for tests and demos).</summary>
    Unlimited,
}
