using DryApi.Client.Contract;

namespace DryApi.Mcp.Jobs;

/// <summary>How often, and for how long, one kind of job is polled. Delays grow by <see cref="PollingOptions.Multiplier"/>.</summary>
public sealed class PollingPolicy
{
    public TimeSpan InitialDelay { get; set; }

    public TimeSpan MaxDelay { get; set; }

    /// <summary>The longest this kind of job is waited for, whatever the call's budget.</summary>
    public TimeSpan MaxWait { get; set; }
}

/// <summary>Polling of <c>request-status</c>, per job kind. Bound from the <c>Polling</c> section.</summary>
public sealed class PollingOptions
{
    public const string SectionName = "Polling";

    public PollingPolicy Image { get; set; } = new() { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(8), MaxWait = TimeSpan.FromMinutes(5) };

    public PollingPolicy Video { get; set; } = new() { InitialDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(30), MaxWait = TimeSpan.FromMinutes(15) };

    public PollingPolicy Audio { get; set; } = new() { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), MaxWait = TimeSpan.FromMinutes(5) };

    public PollingPolicy Text { get; set; } = new() { InitialDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(3), MaxWait = TimeSpan.FromMinutes(2) };

    /// <summary>Growth of the delay between polls.</summary>
    public double Multiplier { get; set; } = 1.5;

    /// <summary>Random spread of each delay (0.1 = ±10%), so many waiting calls do not poll in step.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>Consecutive failed polls (network, 5xx, 429) tolerated before the wait gives up and returns the handle.</summary>
    public int MaxConsecutiveErrors { get; set; } = 5;

    /// <summary>
    /// Status requests of a key's daily allowance (read from dryAPI's rate-limit headers) that waits leave unspent: when
    /// only this many remain, a wait stops and returns the request_id, so they stay for check_job_status.
    /// </summary>
    public int DailyStatusReserve { get; set; } = 5;

    /// <summary>
    /// How often a job is polled while its webhook is expected (<c>Auth:PublicBaseUrl</c> is https), in case the
    /// webhook never comes (lost, or delivered to another replica). A minute: dryAPI retries a failed delivery after one
    /// minute, so polling sooner would mostly duplicate the push it stands in for; and a waiting job then spends at most one
    /// status request a minute, so 50 such waits fit in a Basic key's 50 a minute.
    /// </summary>
    public TimeSpan WebhookFallbackDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Follow dryAPI's hosted server exactly (fixed ×<see cref="Multiplier"/> growth from the same initial delays to the
    /// same caps, no jitter, no use of reported progress) — for comparing policies.
    /// </summary>
    public bool IgnoreProgress { get; set; }

    /// <summary>
    /// The delay between polls this policy reaches for a job of <paramref name="kind"/> that is <paramref name="age"/>
    /// old: delays growing by <see cref="Multiplier"/> from the initial delay add up to the age when the delay is about
    /// initial + age × (multiplier − 1), capped at the kind's maximum. For a client that polls on the server's advice.
    /// </summary>
    public TimeSpan IntervalAt(JobKind kind, TimeSpan age)
    {
        var policy = For(kind);
        var grown = policy.InitialDelay + (age > TimeSpan.Zero ? age * (Multiplier - 1) : TimeSpan.Zero);
        return grown < policy.MaxDelay ? grown : policy.MaxDelay;
    }

    public PollingPolicy For(JobKind kind) => kind switch
    {
        JobKind.Image => Image,
        JobKind.Video => Video,
        JobKind.Audio => Audio,
        _ => Text,
    };
}
