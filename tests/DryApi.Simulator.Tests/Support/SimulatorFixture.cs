using DryApi.Client.Contract;

namespace DryApi.Simulator.Tests.Support;

/// <summary>
/// One simulator for a test class: an Unlimited key with a large balance, short jobs, and the catalogue read
/// once over <c>/models</c>.
/// </summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public const string Key = "1|contract-tests";

    private RunningSimulator? _simulator;
    private ApiClient? _client;
    private ValidRequests? _requests;

    public RunningSimulator Simulator => _simulator ?? throw new InvalidOperationException("Not started.");

    internal ApiClient Client => _client ?? throw new InvalidOperationException("Not started.");

    internal ValidRequests Requests => _requests ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        _simulator = await RunningSimulator.StartAsync(options =>
        {
            options.Keys.Add(new SimulatorKey { Key = Key, Balance = 1_000_000m, Tier = RateTier.Unlimited });
            foreach (var kind in Enum.GetValues<JobKind>())
            {
                options.JobDurations[kind] = TimeSpan.FromMilliseconds(300);
            }
        });
        _client = new ApiClient(_simulator.BaseAddress, Key);
        _requests = await ValidRequests.LoadAsync(_client);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }
}

/// <summary>Starts simulators set up for one test.</summary>
internal static class Simulators
{
    public static Task<RunningSimulator> StartAsync(TimeProvider? clock = null, params SimulatorKey[] keys) =>
        RunningSimulator.StartAsync(
            options =>
            {
                options.Keys.AddRange(keys);
                foreach (var kind in Enum.GetValues<JobKind>())
                {
                    options.JobDurations[kind] = TimeSpan.FromSeconds(10);
                }
            },
            clock,
            TestContext.Current.CancellationToken);

    public static SimulatorKey Key(string key, decimal balance = 100m, RateTier tier = RateTier.Unlimited, bool suspended = false) =>
        new() { Key = key, Balance = balance, Tier = tier, Suspended = suspended };
}
