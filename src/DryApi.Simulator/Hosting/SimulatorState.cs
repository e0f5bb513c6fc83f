using DryApi.Simulator.Catalogue;
using DryApi.Simulator.Jobs;
using DryApi.Simulator.RateLimits;
using DryApi.Simulator.Results;
using DryApi.Simulator.Webhooks;

namespace DryApi.Simulator.Hosting;

/// <summary>The clock the simulator runs on (the system clock unless a test injects one).</summary>
internal sealed record SimulatorClock(TimeProvider Time);

/// <summary>Everything one simulator instance remembers: accounts, journal, faults, jobs and rate-limit counters.</summary>
internal sealed class SimulatorState : IDisposable
{
    public SimulatorState(SimulatorOptions options, TimeProvider clock, ModelCatalogue catalogue, CancellationToken stopping)
    {
        Stopping = stopping;
        Options = options;
        Clock = clock;
        Catalogue = catalogue;
        Accounts = new SimulatorAccounts(options.Keys);
        RateLimiter = new RateLimiter(clock);
        Signer = new ResultSigner(clock);
        Jobs = new JobStore(clock, options.JobRetention);
        WebhookSender = new WebhookSender(this);
    }

    public SimulatorOptions Options { get; }

    /// <summary>Cancelled when the application stops, to end waits that no request should outlive.</summary>
    public CancellationToken Stopping { get; }

    public TimeProvider Clock { get; }

    public ModelCatalogue Catalogue { get; }

    public SimulatorAccounts Accounts { get; }

    public RequestJournal Journal { get; } = new();

    /// <summary>Every webhook delivery attempt.</summary>
    public WebhookJournal Webhooks { get; } = new();

    public WebhookSender WebhookSender { get; }

    public FaultInjector Faults { get; } = new();

    public JobStore Jobs { get; }

    public CrossKeyAudit Audit { get; } = new();

    public RateLimiter RateLimiter { get; }

    public ResultSigner Signer { get; }

    public void Dispose() => WebhookSender.Dispose();
}
