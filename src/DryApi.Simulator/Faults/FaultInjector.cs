namespace DryApi.Simulator;

/// <summary>The failures the simulator is told to inject into the requests or jobs that match.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<ArmedFault> _faults = [];

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            _faults.Add(new ArmedFault(rule));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Takes one use of the first rule of one of <paramref name="kinds"/> that matches the request.</summary>
    internal FaultRule? Take(string? apiKey, string path, params ReadOnlySpan<FaultKind> kinds)
    {
        lock (_gate)
        {
            foreach (var fault in _faults)
            {
                var rule = fault.Rule;
                if (!kinds.Contains(rule.Kind)
                    || (rule.ApiKey is not null && rule.ApiKey != apiKey)
                    || (rule.PathContains is not null && !path.Contains(rule.PathContains, StringComparison.Ordinal)))
                {
                    continue;
                }

                if (rule.Count is not null && --fault.Remaining <= 0)
                {
                    _faults.Remove(fault);
                }

                return rule;
            }

            return null;
        }
    }

    /// <summary>
    /// Takes one use of the first <see cref="FaultKind.Status"/>, <see cref="FaultKind.Slow"/> or
    /// <see cref="FaultKind.DropBeforeHandling"/> rule aimed at a result download: a rule without a key (downloads carry none) whose <see cref="FaultRule.PathContains"/>
    /// is set and matches, so that rules meant for the API never touch downloads.
    /// </summary>
    internal FaultRule? TakeForResultDownload(string path)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(candidate => candidate.Rule is { ApiKey: null, PathContains: { } part, Kind: FaultKind.Status or FaultKind.Slow or FaultKind.DropBeforeHandling }
                                                            && path.Contains(part, StringComparison.Ordinal));
            if (fault is null)
            {
                return null;
            }

            if (fault.Rule.Count is not null && --fault.Remaining <= 0)
            {
                _faults.Remove(fault);
            }

            return fault.Rule;
        }
    }

    private sealed class ArmedFault(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int Remaining { get; set; } = rule.Count ?? 0;
    }
}

/// <summary>A failure to inject, and which requests it applies to (all when the filters are null).</summary>
public sealed record FaultRule(FaultKind Kind)
{
    /// <summary>Only requests with this bearer key.</summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// Only requests whose path contains this text (ordinal). Result downloads (<c>/_sim/results/…</c>) are faulted only
    /// by a keyless Status, Slow or DropBeforeHandling rule whose text matches their path.
    /// </summary>
    public string? PathContains { get; init; }

    /// <summary>How many matching requests (or jobs) it applies to; null until <see cref="FaultInjector.Clear"/>.</summary>
    public int? Count { get; init; } = 1;

    /// <summary>For <see cref="FaultKind.Status"/>: the status to answer.</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>For <see cref="FaultKind.Slow"/>: how long to wait (in real time) before handling.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>For a 429 <see cref="FaultKind.Status"/>: the <c>Retry-After</c> seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 60;

    /// <summary>For a 429 <see cref="FaultKind.Status"/>: <c>minute</c> or <c>daily</c>.</summary>
    public string RateLimitType { get; init; } = "minute";

    /// <summary>For <see cref="FaultKind.JobError"/>: the job's <c>error_code</c>.</summary>
    public string ErrorCode { get; init; } = "PROCESSING_ERROR";

    /// <summary>For <see cref="FaultKind.JobError"/>: the job's <c>error</c> message (a default when null).</summary>
    public string? ErrorMessage { get; init; }
}

public enum FaultKind
{
    /// <summary>Answer <see cref="FaultRule.StatusCode"/> with dryAPI's body for that status, without handling.</summary>
    Status,

    /// <summary>Wait <see cref="FaultRule.Delay"/>, then handle the request normally, even if the client has given up meanwhile.</summary>
    Slow,

    /// <summary>Read the request, then abort the connection: nothing happened.</summary>
    DropBeforeHandling,

    /// <summary>Handle the request fully (a job is created and charged), then abort the connection unanswered.</summary>
    DropAfterHandling,

    /// <summary>Handle the request, then answer 200 with the response body truncated.</summary>
    MalformedJson,

    /// <summary>The next matching job submission is accepted but the job ends in <c>error</c>.</summary>
    JobError,

    /// <summary>The next matching job submission is accepted but the job stays <c>processing</c> forever.</summary>
    JobStuck,
}
