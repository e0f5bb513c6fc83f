using System.Globalization;

namespace DryApi.Mcp.Bench;

/// <summary>
/// Debian's <c>haproxy</c> on loopback in front of the replicas: round-robin per request, no affinity (no cookie, no
/// stickiness), HTTP/1.1 to the replicas. It takes HTTP/1.1 or HTTP/2 without TLS (prior knowledge) from clients: the
/// scale benchmark sends its calls as HTTP/2 streams over a few connections, because haproxy needs a descriptor for
/// each connection on both sides and the machine's hard limit (<c>ulimit -Hn</c>, 20,000 here) cannot hold 10,000 of each.
/// </summary>
internal static class Haproxy
{
    /// <summary>Long enough for any call to wait for its job; the server sends keep-alives on a long call meanwhile.</summary>
    private const string CallTimeout = "10m";

    public static async Task<RunningService> StartAsync(BenchPaths paths, HttpClient http, IReadOnlyList<Uri> replicas)
    {
        var port = FreePort.Next();
        var configFile = Path.Combine(paths.Work, "haproxy.cfg");
        await File.WriteAllTextAsync(configFile, Configuration(port, replicas));
        // -db: stay in the foreground; without maxconn, haproxy fits its connection limit to the descriptor limit.
        var process = ChildProcess.Start(Path.Combine(paths.Work, "haproxy.log"), "haproxy", ["-db", "-f", configFile]);
        var endpoint = new Uri($"http://127.0.0.1:{port}/mcp");
        return await RunningService.ReadyAsync(process, endpoint, () => RunningService.AnswersBalanceToolAsync(http, endpoint));
    }

    private static string Configuration(int port, IReadOnlyList<Uri> replicas) =>
        string.Join('\n',
        [
            "defaults",
            "  mode http",
            // Whole requests to the replicas: otherwise, with the machine saturated, a body that trails its headers
            // through haproxy can miss Kestrel's minimum data rate (the first 10,000-call run lost calls to it).
            "  option http-buffer-request",
            "  timeout connect 5s",
            "  timeout http-request 30s",
            $"  timeout client {CallTimeout}",
            $"  timeout server {CallTimeout}",
            "frontend mcp",
            $"  bind 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "  default_backend replicas",
            "backend replicas",
            "  balance roundrobin",
            .. replicas.Select((replica, index) => $"  server replica{index + 1} {replica.Host}:{replica.Port.ToString(CultureInfo.InvariantCulture)}"),
            "",
        ]);
}
