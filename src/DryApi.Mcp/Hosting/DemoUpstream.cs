using DryApi.Client;
using DryApi.Simulator;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// <c>--demo</c>: the dryAPI simulator runs in-process as the upstream, so a newcomer without a dryAPI account can try
/// every tool. Results are fake. It is never the default, and it says so loudly.
/// </summary>
internal sealed partial class DemoUpstream(RunningSimulator simulator) : IAsyncDisposable
{
    public const string Switch = "--demo";
    public const string DemoKey = "1|simulator-demo-key";

    public static async Task<DemoUpstream> StartAsync(IHostApplicationBuilder builder)
    {
        var simulator = await RunningSimulator.StartAsync(options => options.Keys.Add(new SimulatorKey { Key = DemoKey, Balance = 100, Tier = RateTier.Premium }));
        builder.Configuration[$"{DryApiClientOptions.SectionName}:{nameof(DryApiClientOptions.BaseUrl)}"] = simulator.BaseAddress.ToString();
        return new DemoUpstream(simulator);
    }

    /// <summary>Says loudly that dryAPI is simulated; over HTTP also which header to connect with (stdio needs none).</summary>
    public void Announce(ILogger logger, bool overHttp)
    {
        if (overHttp)
        {
            LogDemoModeOverHttp(logger, simulator.BaseAddress, DemoKey);
        }
        else
        {
            LogDemoModeOverStdio(logger, simulator.BaseAddress);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "DEMO MODE: dryAPI is SIMULATED at {Upstream}. Results are fake and nothing is charged. " +
        "Connect with the header 'Authorization: Bearer {DemoKey}'. Run without --demo to use the real dryAPI.")]
    private static partial void LogDemoModeOverHttp(ILogger logger, Uri upstream, string demoKey);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "DEMO MODE: dryAPI is SIMULATED at {Upstream}. Results are fake and nothing is charged; no API key is needed. " +
        "Run without --demo, with DRYAPI_API_KEY set, to use the real dryAPI.")]
    private static partial void LogDemoModeOverStdio(ILogger logger, Uri upstream);

    public ValueTask DisposeAsync() => simulator.DisposeAsync();
}
