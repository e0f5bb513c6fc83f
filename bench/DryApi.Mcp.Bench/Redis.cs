using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace DryApi.Mcp.Bench;

/// <summary>Debian's <c>redis-server</c> on loopback without persistence, as the backplane of the replicas.</summary>
internal static class Redis
{
    public static async Task<RunningService> StartAsync(BenchPaths paths)
    {
        var port = FreePort.Next();
        var process = ChildProcess.Start(Path.Combine(paths.Work, "redis.log"), "redis-server",
            ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"]);
        var address = new Uri($"redis://127.0.0.1:{port}");
        return await RunningService.ReadyAsync(process, address, async () => (await CommandAsync(address, "PING")).StartsWith("+PONG", StringComparison.Ordinal));
    }

    /// <summary>The server's configuration string for <paramref name="redis"/> (<c>Backplane:Redis</c>).</summary>
    public static string ConfigurationString(Uri redis) => $"{redis.Host}:{redis.Port}";

    /// <summary>
    /// The commands Redis has run (<c>INFO commandstats</c>) apart from the benchmark's own PING, INFO and QUIT: the
    /// witness that the replicas used it (0 from a server that ignores <c>Backplane:Redis</c>).
    /// </summary>
    public static async Task<long> ReplicaCommandsAsync(Uri redis)
    {
        // Lines such as "cmdstat_publish:calls=12,usec=80,usec_per_call=6.67,rejected_calls=0,failed_calls=0".
        string[] own = ["cmdstat_ping", "cmdstat_info", "cmdstat_quit"];
        return (await CommandAsync(redis, "INFO commandstats")).Split("\r\n")
            .Where(line => line.StartsWith("cmdstat_", StringComparison.Ordinal) && !own.Contains(line[..line.IndexOf(':', StringComparison.Ordinal)]))
            .Sum(line => long.Parse(line.Split(':', ',')[1]["calls=".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Sends one inline command, then QUIT (so Redis closes the connection after its replies), and returns the replies
    /// as text; an empty text while Redis does not listen yet.
    /// </summary>
    private static async Task<string> CommandAsync(Uri redis, string command)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(redis.Host, redis.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\nQUIT\r\n"));
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadToEndAsync();
        }
        catch (SocketException)
        {
            return "";
        }
    }
}
