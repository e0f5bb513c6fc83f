using System.Collections.Concurrent;
using DryApi.Client.Contract;
using DryApi.Mcp.Hosting;
using DryApi.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Support;

/// <summary>How a harness's simulator and MCP host are set up beyond the harness's fast defaults.</summary>
public sealed record McpHarnessSettings
{
    public static McpHarnessSettings Default { get; } = new();

    /// <summary>Configuration of the MCP host, applied over the harness's defaults (e.g. <c>Mcp:WaitBudget</c>).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>How long the simulator's jobs of each kind take.</summary>
    public IReadOnlyDictionary<JobKind, TimeSpan> JobDurations { get; init; } = new Dictionary<JobKind, TimeSpan>
    {
        [JobKind.Image] = TimeSpan.FromMilliseconds(800),
        [JobKind.Video] = TimeSpan.FromMilliseconds(600),
        [JobKind.Audio] = TimeSpan.FromMilliseconds(500),
        [JobKind.Text] = TimeSpan.FromMilliseconds(300),
    };

    /// <summary>How long the simulator keeps a finished job; null keeps every job (a long load run sets it).</summary>
    public TimeSpan? JobRetention { get; init; }

    /// <summary>
    /// Whether the host's log lines are captured (and scanned for secrets when the harness stops). A long load run
    /// turns it off: every request adds lines (scopes at every level), which would grow without end.
    /// </summary>
    public bool CaptureLogs { get; init; } = true;

    /// <summary>
    /// Makes the host public for webhooks: it also listens on https at a loopback port with a certificate made for the
    /// run, <c>Auth:PublicBaseUrl</c> is that origin, and the simulator trusts exactly that certificate when it sends
    /// webhooks (retrying on dryAPI's schedule scaled down 1000 times). The MCP client still uses the http address.
    /// </summary>
    public bool PublicHttps { get; init; }

    /// <summary>
    /// A simulator another harness runs, to be this host's upstream too (a second replica); null starts one of its
    /// own. A borrowed simulator is left running when this harness stops, and <see cref="JobDurations"/> do not apply to it.
    /// </summary>
    public RunningSimulator? Upstream { get; init; }

    /// <summary>Services added to the host after the server's own, e.g. a span processor that records what the host traces.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>
/// The dryAPI simulator on a loopback port, and the real MCP host in front of it on Kestrel at
/// <c>http://127.0.0.1:0</c>, built as Program.cs builds it, with fast polling and retries. Every test takes keys of
/// its own, so the simulator's journal shows exactly what that test caused. When the harness stops, it fails if any
/// log line of the host contained the secret part of a key it handed out.
/// </summary>
public sealed partial class McpServerHarness : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string?> FastDefaults = new Dictionary<string, string?>
    {
        ["AllowedHosts"] = "*",
        ["Urls"] = "http://127.0.0.1:0",
        ["DryApi:RetryBaseDelay"] = "00:00:00.020",
        ["DryApi:MaxRetryDelay"] = "00:00:00.200",
        ["DryApi:MaxRetryAfter"] = "00:00:02",
        ["DryApi:ModelsPageSize"] = "10",
        ["Polling:Image:InitialDelay"] = "00:00:00.080",
        ["Polling:Image:MaxDelay"] = "00:00:00.300",
        ["Polling:Video:InitialDelay"] = "00:00:00.080",
        ["Polling:Video:MaxDelay"] = "00:00:00.300",
        ["Polling:Audio:InitialDelay"] = "00:00:00.080",
        ["Polling:Audio:MaxDelay"] = "00:00:00.300",
        ["Polling:Text:InitialDelay"] = "00:00:00.050",
        ["Polling:Text:MaxDelay"] = "00:00:00.300",
    };

    private readonly McpHarnessSettings settings;
    private readonly ConcurrentBag<string> keys = [];
    private RunningSimulator? simulator;
    private WebApplication? host;
    private System.Security.Cryptography.X509Certificates.X509Certificate2? certificate;

    public McpServerHarness()
        : this(McpHarnessSettings.Default)
    {
    }

    private McpServerHarness(McpHarnessSettings settings) => this.settings = settings;

    public RunningSimulator Simulator => simulator ?? throw new InvalidOperationException("The harness has not started.");

    /// <summary>The MCP host's root, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri ServerUri { get; private set; } = null!;

    /// <summary>The Streamable HTTP endpoint, <c>/mcp</c>.</summary>
    public Uri Endpoint => new(ServerUri, "mcp");

    public CapturedLogs Logs { get; } = new();

    /// <summary>The MCP host's services, e.g. its <c>IMeterFactory</c> or <c>ILogger</c>.</summary>
    public IServiceProvider Services => host?.Services ?? throw new InvalidOperationException("The harness has not started.");

    /// <summary>Starts a harness of its own for one test, e.g. with a tiny wait budget; dispose it at the end of the test.</summary>
    public static async Task<McpServerHarness> StartAsync(McpHarnessSettings settings)
    {
        var harness = new McpServerHarness(settings);
        try
        {
            await harness.InitializeAsync();
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>With <see cref="McpHarnessSettings.PublicHttps"/>, the host's public https origin, e.g. <c>https://127.0.0.1:54322</c>.</summary>
    public string? PublicBaseUrl { get; private set; }

    public async ValueTask InitializeAsync()
    {
        certificate = settings.PublicHttps ? LoopbackCertificate.Create() : null;
        PublicBaseUrl = certificate is null ? null : $"https://127.0.0.1:{FreeLoopbackPort()}";
        simulator = settings.Upstream ?? await RunningSimulator.StartAsync(options =>
        {
            if (certificate is not null)
            {
                options.WebhookTrustedCertificate = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
                options.WebhookRetryScale = 0.001;
            }

            foreach (var (kind, duration) in settings.JobDurations)
            {
                options.JobDurations[kind] = duration;
            }

            options.JobRetention = settings.JobRetention;
        });

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(FastDefaults);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DryApi:BaseUrl"] = simulator.BaseAddress.ToString() });
        if (PublicBaseUrl is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Urls"] = $"http://127.0.0.1:0;{PublicBaseUrl}",
                ["Auth:PublicBaseUrl"] = PublicBaseUrl,
            });
            var served = certificate;
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = served));
        }

        builder.Configuration.AddInMemoryCollection(settings.Configuration);
        builder.Logging.ClearProviders();
        if (settings.CaptureLogs)
        {
            builder.Logging.AddProvider(Logs);
        }

        builder.Services.PostConfigure<LoggerFilterOptions>(filters =>
        {
            filters.Rules.Clear();
            filters.MinLevel = LogLevel.Trace;
        });
        builder.AddDryApiMcp();
        settings.ConfigureServices?.Invoke(builder.Services);

        host = builder.Build();
        host.MapDryApiMcp();
        await host.StartAsync();
        ServerUri = new Uri(host.Urls.Single(url => url.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        if (simulator is not null && settings.Upstream is null)
        {
            await simulator.DisposeAsync();
        }

        certificate?.Dispose();

        var leaks = LinesRevealingSecrets();
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException($"{leaks.Count} log line(s) of the MCP host contain an API key, token or Authorization value, e.g.: {leaks[0]}");
        }
    }

    /// <summary>An HTTP client that trusts exactly the certificate of <see cref="PublicBaseUrl"/>, as dryAPI would trust a real one.</summary>
    public HttpClient NewPublicClient() => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = LoopbackCertificate.TrustOnly(certificate ?? throw new InvalidOperationException("The harness is not public.")) },
    });

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A new key the simulator knows, with its own balance, rate tier and journal entries.</summary>
    public string NewKey(decimal balance = 1000m, RateTier tier = RateTier.Unlimited, bool suspended = false)
    {
        var key = UnknownKey();
        Simulator.Accounts.Add(key, balance, tier, suspended);
        return key;
    }

    /// <summary>Counts a key another harness handed out as this host's too, so its log lines are checked for it.</summary>
    public void Watch(string key) => keys.Add(key);

    /// <summary>A key in dryAPI's format that the simulator does not know (it answers 401).</summary>
    public string UnknownKey()
    {
        var key = $"{Random.Shared.Next(1, 100_000)}|mcp-{Guid.NewGuid():N}";
        keys.Add(key);
        return key;
    }

    public IReadOnlyList<RecordedRequest> RequestsBy(string key) =>
        [.. Simulator.Journal.Entries.Where(entry => entry.ApiKey == key)];

    /// <summary>Requests other than reading the model list, which a job tool reads (cached per key) to resolve its model.</summary>
    public IReadOnlyList<RecordedRequest> SubmissionsBy(string key) =>
        [.. RequestsBy(key).Where(entry => entry.OperationId != DryApiOperations.Models.Contract.OperationId)];

    public IReadOnlyList<RecordedRequest> RequestsBy(string key, IDryApiOperation operation) =>
        [.. RequestsBy(key).Where(entry => entry.OperationId == operation.Contract.OperationId)];

    /// <summary>Log lines of the host that contain the secret part (after <c>|</c>) of any key this harness handed out.</summary>
    public IReadOnlyList<string> LinesRevealingKeys()
    {
        var secrets = keys.Select(key => key[(key.IndexOf('|', StringComparison.Ordinal) + 1)..]).ToList();
        return [.. Logs.Lines.Where(line => secrets.Any(secret => line.Contains(secret, StringComparison.Ordinal)))];
    }

    /// <summary>
    /// Log lines of the host that reveal a credential: the secret of a key this harness handed out, a bearer
    /// credential, an <c>Authorization</c> header value, or a JWT/JWE in compact form (sealed tokens and codes).
    /// </summary>
    public IReadOnlyList<string> LinesRevealingSecrets()
    {
        var keyLeaks = LinesRevealingKeys();
        return [.. Logs.Lines.Where(line => keyLeaks.Contains(line) || CredentialShape().IsMatch(line))];
    }

    // Masked values read "***". Not credentials: challenge parameters ("Bearer realm=...") and message templates
    // ("Bearer {Token}"). Authorization is matched in header and JSON form, its bearer values by the bearer shape; a
    // structured value prints as "Authorization=<value>", where a real credential shows up through the other shapes.
    [System.Text.RegularExpressions.GeneratedRegex(
        @"(?i)\bBearer\s+(?!\*\*\*|\{)(?![A-Za-z_]+="")[^\s"",;]+|\bAuthorization""?\s*:\s*""?(?!\*\*\*|Bearer\s)[^\s"",;]|\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+")]
    private static partial System.Text.RegularExpressions.Regex CredentialShape();

    /// <summary>
    /// An MCP client of the C# SDK on Streamable HTTP, sending <paramref name="key"/> as its bearer token.
    /// <paramref name="protocolVersion"/> null lets the client negotiate (it prefers the newest revision).
    /// Only a client given a <paramref name="recorder"/> keeps what it sent; <paramref name="capabilities"/> are what it
    /// declares. <paramref name="userAgent"/> and <paramref name="clientName"/> (its clientInfo) make it look like a known client.
    /// </summary>
    public async Task<McpClient> ConnectAsync(
        string key, string? protocolVersion = null, string? query = null, RequestRecorder? recorder = null, ClientCapabilities? capabilities = null,
        string? userAgent = null, string? clientName = null)
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key };
        if (userAgent is not null)
        {
            headers["User-Agent"] = userAgent;
        }

        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = query is null ? Endpoint : new Uri(Endpoint + query),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = headers,
            },
            new HttpClient(recorder is null ? new SocketsHttpHandler() : recorder),
            loggerFactory: null,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(
            transport,
            new McpClientOptions
            {
                ProtocolVersion = protocolVersion,
                Capabilities = capabilities,
                ClientInfo = clientName is null ? null : new() { Name = clientName, Version = "1.0.0" },
            },
            cancellationToken: TestContext.Current.CancellationToken);
    }
}
