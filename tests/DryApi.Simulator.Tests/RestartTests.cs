using System.Net;
using System.Net.Sockets;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>A simulator can be stopped and started again at the same address, as dryAPI comes back after an outage.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task SimulatorStartsAgainOnThePortOfAStoppedOne()
    {
        var first = await RunningSimulator.StartAsync(options => options.Keys.Add(Simulators.Key("1|k")), cancellationToken: TestContext.Current.CancellationToken);
        var address = first.BaseAddress;
        await first.DisposeAsync();
        using (var probe = new ApiClient(address, "1|k"))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => probe.GetAsync("balance"));
        }

        await using var second = await RunningSimulator.StartOnPortAsync(address.Port, options => options.Keys.Add(Simulators.Key("1|k")), TestContext.Current.CancellationToken);
        using var client = new ApiClient(second.BaseAddress, "1|k");

        Assert.Equal(address, second.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("balance")).Status);
    }

    [Fact]
    public async Task StartingOnAPortInUseFails()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        await Assert.ThrowsAnyAsync<IOException>(() => RunningSimulator.StartOnPortAsync(((IPEndPoint)listener.LocalEndpoint).Port, cancellationToken: TestContext.Current.CancellationToken));
    }
}
