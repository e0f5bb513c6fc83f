using DryApi.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DryApi.Simulator;

/// <summary>
/// A simulator running in-process on real Kestrel at <c>http://127.0.0.1:&lt;free port&gt;</c>. Its settings come
/// only from <c>configure</c> (no appsettings, environment or command line), so tests see the same simulator
/// wherever they run.
/// </summary>
public sealed class RunningSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorState _state;

    private RunningSimulator(WebApplication app, Uri baseAddress)
    {
        _app = app;
        _state = app.Services.GetRequiredService<SimulatorState>();
        BaseAddress = baseAddress;
    }

    /// <summary>The simulator's root, e.g. <c>http://127.0.0.1:54321/</c>; the API is under <c>api/v1/client/</c>.</summary>
    public Uri BaseAddress { get; }

    public RequestJournal Journal => _state.Journal;

    /// <summary>Every webhook delivery attempt, for submissions that carried <c>webhook_url</c>.</summary>
    public WebhookJournal Webhooks => _state.Webhooks;

    public FaultInjector Faults => _state.Faults;

    public SimulatorAccounts Accounts => _state.Accounts;

    /// <summary>Checks every request's key against the client that caused it (see <see cref="CrossKeyAudit"/>).</summary>
    public CrossKeyAudit Audit => _state.Audit;

    /// <summary>
    /// Counts <paramref name="requests"/> of the key's daily allowance of a limit group (e.g. <c>request-status</c>) as
    /// spent earlier today, as if it had sent them in earlier minutes.
    /// </summary>
    public void SpendDailyLimit(string apiKey, string group, int requests) => _state.RateLimiter.SpendToday(apiKey, group, requests);

    /// <summary>The key that created the job <paramref name="requestId"/>; null when there is no such job (or it was forgotten).</summary>
    public string? JobOwner(string requestId) => _state.Jobs.Find(requestId)?.OwnerKey;

    /// <param name="configure">Sets the options: keys, job durations, pending fraction, page size.</param>
    /// <param name="timeProvider">The clock for job progress, rate-limit windows and URL expiry; the system clock when null.</param>
    public static Task<RunningSimulator> StartAsync(
        Action<SimulatorOptions>? configure = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        StartAsync(0, configure, timeProvider, cancellationToken);

    /// <summary>Starts on a given loopback port, e.g. the port of a simulator stopped earlier, to bring "dryAPI" back at the same address.</summary>
    public static Task<RunningSimulator> StartOnPortAsync(
        int port, Action<SimulatorOptions>? configure = null, CancellationToken cancellationToken = default) =>
        StartAsync(port, configure, null, cancellationToken);

    private static async Task<RunningSimulator> StartAsync(
        int port, Action<SimulatorOptions>? configure, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        var app = SimulatorApp.Build([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

            // Embedded in another process (a test host, the MCP server's demo or stdio mode), the simulator must not
            // write to that process's console: on stdio, standard output is the protocol.
            builder.Logging.ClearProviders();
            if (configure is not null)
            {
                builder.Services.Configure(configure);
            }

            if (timeProvider is not null)
            {
                builder.Services.AddSingleton(new SimulatorClock(timeProvider));
            }
        });

        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new RunningSimulator(app, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
