using DryApi.Client.Contract;
using DryApi.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DryApi.Client.Tests.Support;

/// <summary>
/// A simulator on a real loopback port and a client wired to it as an application would wire it, with fast retries.
/// Every test takes a key of its own, so the simulator's journal shows exactly what that test sent.
/// </summary>
public sealed class SimulatorHarness : IAsyncLifetime
{
    private ServiceProvider? services;
    private RunningSimulator? simulator;

    public RunningSimulator Simulator => simulator ?? throw new InvalidOperationException("The simulator has not started.");

    public CapturedLogs Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        simulator = await RunningSimulator.StartAsync(options =>
        {
            options.JobDurations[JobKind.Image] = TimeSpan.FromMilliseconds(400);
            options.JobDurations[JobKind.Video] = TimeSpan.FromMilliseconds(400);
            options.JobDurations[JobKind.Audio] = TimeSpan.FromMilliseconds(400);
            options.JobDurations[JobKind.Text] = TimeSpan.FromMilliseconds(400);
        });
        services = Build(simulator.BaseAddress, _ => { });
    }

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }
    }

    /// <summary>A new key the simulator knows, with its own balance, rate tier and journal entries.</summary>
    public string NewKey(decimal balance = 1000m, RateTier tier = RateTier.Unlimited)
    {
        var key = $"{Random.Shared.Next(1, 100_000)}|test-{Guid.NewGuid():N}";
        Simulator.Accounts.Add(key, balance, tier);
        return key;
    }

    public DryApiClient ClientFor(string key) =>
        (services ?? throw new InvalidOperationException("Not started.")).GetRequiredService<DryApiClientFactory>().Create(new DryApiCredential(key));

    /// <summary>A client with other options (for example no retries, or a short timeout), sharing the same logs.</summary>
    public (DryApiClient Client, ServiceProvider Services) ClientFor(string key, Action<DryApiClientOptions> configure, Uri? baseAddress = null)
    {
        var provider = Build(baseAddress ?? Simulator.BaseAddress, configure);
        return (provider.GetRequiredService<DryApiClientFactory>().Create(new DryApiCredential(key)), provider);
    }

    public IReadOnlyList<RecordedRequest> RequestsBy(string key) =>
        Simulator.Journal.Entries.Where(entry => entry.ApiKey == key).ToList();

    public IReadOnlyList<RecordedRequest> RequestsBy(string key, IDryApiOperation operation) =>
        RequestsBy(key).Where(entry => entry.OperationId == operation.Contract.OperationId).ToList();

    private ServiceProvider Build(Uri baseAddress, Action<DryApiClientOptions> configure)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        collection.AddDryApiClient().Configure(options =>
        {
            options.BaseUrl = baseAddress;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            options.MaxRetryAfter = TimeSpan.FromSeconds(2);
            options.ModelsPageSize = 5;

            // Tests of one class share a client, and many inject 5xx on purpose: the breaker shared by every caller
            // would carry one test's failures into the next. It is tested on its own in the MCP suite's OutageTests.
            options.CircuitBreakerFailures = 1000;
            configure(options);
        });
        return collection.BuildServiceProvider();
    }
}
