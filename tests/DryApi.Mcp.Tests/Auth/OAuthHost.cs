using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DryApi.Mcp.Hosting;
using DryApi.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// The MCP server with OAuth on, hosted in-process on Kestrel at a loopback port the way Program.cs builds it, in
/// front of the simulated dryAPI, with a clock the tests can move and every log line captured.
/// </summary>
public sealed class OAuthHost : IAsyncDisposable
{
    /// <summary>A funded key the simulator accepts.</summary>
    public const string ApiKey = "11|oauth-tests-user-key";

    /// <summary>Another user's funded key.</summary>
    public const string OtherApiKey = "12|oauth-tests-other-key";

    private readonly RunningSimulator simulator;
    private readonly WebApplication app;

    private OAuthHost(RunningSimulator simulator, WebApplication app, Uri baseUrl, string sealingSecret, OffsetClock clock, CapturedAuthLogs logs)
    {
        this.simulator = simulator;
        this.app = app;
        BaseUrl = baseUrl;
        SealingSecret = sealingSecret;
        Clock = clock;
        Logs = logs;
    }

    /// <summary>The public base URL (the issuer), e.g. <c>http://127.0.0.1:5123</c>, without a trailing slash.</summary>
    public Uri BaseUrl { get; }

    public string Issuer => BaseUrl.GetLeftPart(UriPartial.Authority);

    public string Resource => Issuer + "/mcp";

    /// <summary>The base64 secret of the host's one sealing key (id <c>test-key</c>).</summary>
    public string SealingSecret { get; }

    public OffsetClock Clock { get; }

    public CapturedAuthLogs Logs { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Starts a host; <paramref name="settings"/> adds or overrides configuration keys (e.g. <c>Auth:RequestsPerMinute</c>),
    /// and <paramref name="configureServices"/> runs after the server's own registrations.
    /// </summary>
    public static async Task<OAuthHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var simulator = await RunningSimulator.StartAsync(options =>
        {
            options.Keys.Add(new SimulatorKey { Key = ApiKey, Balance = 1_000, Tier = RateTier.Unlimited });
            options.Keys.Add(new SimulatorKey { Key = OtherApiKey, Balance = 5, Tier = RateTier.Unlimited });
        });
        var baseUrl = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var configuration = new Dictionary<string, string?>
        {
            ["Urls"] = baseUrl.ToString(),
            ["DryApi:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["DryApi:MaxRetries"] = "0",
            ["Auth:Enabled"] = "true",
            ["Auth:PublicBaseUrl"] = baseUrl.GetLeftPart(UriPartial.Authority),
            ["Auth:SealingKeys:0:Id"] = "test-key",
            ["Auth:SealingKeys:0:Secret"] = secret,
            ["Auth:RequestsPerMinute"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(configuration);
        var logs = new CapturedAuthLogs();
        var clock = new OffsetClock();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<CapturedAuthLogs>(category: null, LogLevel.Trace);
        builder.AddDryApiMcp();
        builder.Services.AddSingleton<TimeProvider>(clock);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapDryApiMcp();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            await simulator.DisposeAsync();
            throw;
        }

        return new OAuthHost(simulator, app, baseUrl, secret, clock, logs);
    }

    /// <summary>An HTTP client for the host that follows no redirects and keeps cookies, as a browser tab would.</summary>
    public HttpClient CreateBrowser() => OAuthBrowser.HttpClientFor(BaseUrl);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await simulator.DisposeAsync();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Real time plus an offset the test moves forward.</summary>
public sealed class OffsetClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

/// <summary>Every log line the host writes, formatted, with its exception.</summary>
public sealed class CapturedAuthLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(pair => $"{pair.Key}={pair.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
