using System.Globalization;
using System.Text;

namespace DryApi.Mcp.Tests.Replicas;

/// <summary>
/// Debian's haproxy in front of the replicas: HTTP mode, round-robin per request, no affinity. Each answer names the
/// replica that served it in <see cref="ServedByHeader"/> (<c>r0</c>, <c>r1</c>, …, in the order given).
/// </summary>
internal sealed class RoundRobinBalancer : IDisposable
{
    public const string ServedByHeader = "X-Served-By";

    private readonly LocalProcess process;
    private readonly string folder;

    private RoundRobinBalancer(LocalProcess process, string folder, int port)
    {
        this.process = process;
        this.folder = folder;
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public Uri Address { get; }

    public static async Task<RoundRobinBalancer> StartAsync(int port, IEnumerable<Uri> replicas)
    {
        var configuration = new StringBuilder()
            .AppendLine("global")
            .AppendLine("  maxconn 4096")
            .AppendLine("defaults")
            .AppendLine("  mode http")
            .AppendLine("  timeout connect 5s")
            .AppendLine("  timeout client 5m")
            .AppendLine("  timeout server 5m")
            .AppendLine("frontend mcp")
            .AppendLine(CultureInfo.InvariantCulture, $"  bind 127.0.0.1:{port}")
            .AppendLine("  default_backend replicas")
            .AppendLine("backend replicas")
            .AppendLine("  balance roundrobin")
            .AppendLine(CultureInfo.InvariantCulture, $"  http-response set-header {ServedByHeader} %[srv_name]");
        foreach (var (replica, index) in replicas.Select((replica, index) => (replica, index)))
        {
            configuration.AppendLine(CultureInfo.InvariantCulture, $"  server r{index} {replica.Host}:{replica.Port}");
        }

        var folder = Directory.CreateTempSubdirectory("haproxy-").FullName;
        var file = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(file, configuration.ToString());
        var process = await LocalProcess.StartAsync("haproxy", "haproxy", port, "-db", "-f", file);
        return new RoundRobinBalancer(process, folder, port);
    }

    public void Dispose()
    {
        process.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
