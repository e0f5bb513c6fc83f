using System.Globalization;
using System.Text.Json.Nodes;

namespace DryApi.Mcp.Bench;

/// <summary>One of the processes a benchmark talks to, and the address it answers at.</summary>
internal sealed class RunningService(ChildProcess process, Uri address) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public ChildProcess Process { get; } = process;

    public Uri Address { get; } = address;

    /// <summary>
    /// The simulator (Release build), with one Unlimited-tier key, image jobs of <paramref name="imageJob"/> and
    /// <paramref name="settings"/> (command-line configuration, e.g. <c>--Simulator:JobDurations:Video 00:03:00</c>).
    /// </summary>
    public static async Task<RunningService> SimulatorAsync(BenchPaths paths, HttpClient http, TimeSpan imageJob, IEnumerable<string>? settings = null)
    {
        var port = FreePort.Next();
        var process = StartSimulator(paths.Simulator, Path.Combine(paths.Work, "simulator.log"), port, imageJob, settings);
        var address = new Uri($"http://127.0.0.1:{port}/");
        return await ReadyAsync(process, address, () => AnswersBalanceAsync(http, address));
    }

    /// <param name="settings">More command-line settings, e.g. <c>--Simulator:WebhookTrustedCertificate</c>.</param>
    public static ChildProcess StartSimulator(string publishFolder, string logFile, int port, TimeSpan imageJob, IEnumerable<string>? settings = null) =>
        ChildProcess.Start(logFile, Path.Combine(publishFolder, "DryApi.Simulator"),
        [
            "--Urls", $"http://127.0.0.1:{port}",
            "--Simulator:Keys:0:Key", Wire.ApiKey,
            "--Simulator:Keys:0:Tier", "Unlimited",
            "--Simulator:Keys:0:Balance", "1000000",
            "--Simulator:JobDurations:Image", imageJob.ToString("c", CultureInfo.InvariantCulture),
            .. settings ?? [],
        ]);

    /// <summary>
    /// The MCP server from <paramref name="publishFolder"/>, with its shipped configuration, in front of
    /// <paramref name="simulator"/>; <paramref name="settings"/> are more command-line settings (the last of a key wins),
    /// <paramref name="environment"/> settings as a deployment passes them (e.g. <c>Backplane__Redis</c>).
    /// </summary>
    public static ChildProcess StartServer(
        string publishFolder, string logFile, int port, Uri simulator, IEnumerable<string>? settings = null, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.Start(logFile, Path.Combine(publishFolder, "DryApi.Mcp"),
            ["--Urls", $"http://127.0.0.1:{port}", "--DryApi:BaseUrl", simulator.ToString(), .. settings ?? []], environment);

    public static Task<RunningService> ServerAsync(BenchPaths paths, HttpClient http, Uri simulator, Func<int, IEnumerable<string>>? settings = null) =>
        ServerAsync(paths.Server, Path.Combine(paths.Work, "server.log"), http, simulator, settings);

    /// <summary>
    /// The server published in <paramref name="publishFolder"/> (this build's or a baseline's), once it answers a
    /// tools/call; <paramref name="environment"/> adds to its environment (such as <see cref="ServerCounts.Environment"/>).
    /// </summary>
    public static async Task<RunningService> ServerAsync(
        string publishFolder, string logFile, HttpClient http, Uri simulator, Func<int, IEnumerable<string>>? settings = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort.Next();
        var process = StartServer(publishFolder, logFile, port, simulator, settings?.Invoke(port), environment);
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        return await ReadyAsync(process, endpoint, () => AnswersBalanceToolAsync(http, endpoint));
    }

    /// <summary>The peer: the official TypeScript SDK's "everything" server on Streamable HTTP (stateful, sessions).</summary>
    public static async Task<RunningService> PeerAsync(BenchPaths paths, HttpClient http)
    {
        var port = FreePort.Next();
        var process = ChildProcess.Start(Path.Combine(paths.Work, "peer.log"), "node", [paths.PeerScript, "streamableHttp"],
            new Dictionary<string, string> { ["PORT"] = port.ToString(CultureInfo.InvariantCulture) });
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        return await ReadyAsync(process, endpoint, async () => await PeerSession.OpenAsync(http, endpoint, CancellationToken.None) is not null);
    }

    /// <summary>True once the simulator at <paramref name="simulator"/> answers dryAPI's balance request.</summary>
    public static async Task<bool> AnswersBalanceAsync(HttpClient http, Uri simulator)
    {
        using var response = await http.SendAsync(Wire.Balance(simulator));
        return response.IsSuccessStatusCode;
    }

    /// <summary>True once a tools/call of get_balance through the server at <paramref name="endpoint"/> returns a balance.</summary>
    public static async Task<bool> AnswersBalanceToolAsync(HttpClient http, Uri endpoint)
    {
        using var request = Wire.Post(endpoint, Wire.ToolCall("get_balance", []));
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode
            && Wire.Response(await response.Content.ReadAsStringAsync())?["result"]?["structuredContent"]?["balance_usd"] is JsonValue;
    }

    public void Dispose() => Process.Dispose();

    /// <summary>The service once <paramref name="ready"/> answers true; the process is killed if it never does.</summary>
    public static async Task<RunningService> ReadyAsync(ChildProcess process, Uri address, Func<Task<bool>> ready)
    {
        try
        {
            await process.WaitUntilAsync(ready, StartTimeout);
            return new RunningService(process, address);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }
}
