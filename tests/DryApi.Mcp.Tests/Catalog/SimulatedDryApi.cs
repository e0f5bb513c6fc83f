using DryApi.Client;
using DryApi.Client.Responses;
using DryApi.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace DryApi.Mcp.Tests.Catalog;

/// <summary>The simulated dryAPI on a loopback port, and a client for it with a funded, unlimited key.</summary>
public sealed class SimulatedDryApi : IAsyncLifetime
{
    private const string Key = "7|catalog-resolution-tests";

    private RunningSimulator? simulator;
    private ServiceProvider? services;

    public DryApiClient Client { get; private set; } = null!;

    /// <summary>The simulator's model list, which job capabilities resolve their arguments against.</summary>
    public ModelCatalog Models { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        simulator = await RunningSimulator.StartAsync(options =>
            options.Keys.Add(new SimulatorKey { Key = Key, Balance = 100_000, Tier = RateTier.Unlimited }));
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddDryApiClient().Configure(options =>
        {
            options.BaseUrl = simulator.BaseAddress;
            options.MaxRetries = 0;
        });
        services = collection.BuildServiceProvider();
        Client = services.GetRequiredService<DryApiClientFactory>().Create(new DryApiCredential(Key));
        Models = await Client.GetModelsAsync(cancellationToken: TestContext.Current.CancellationToken);
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
}
