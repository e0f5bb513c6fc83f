namespace DryApi.Mcp.Tests.Replicas;

/// <summary>Debian's redis-server on a loopback port, without persistence (nothing on disk), as every example runs it.</summary>
internal sealed class RedisServer : IDisposable
{
    private readonly LocalProcess process;

    private RedisServer(LocalProcess process, int port)
    {
        this.process = process;
        Configuration = $"127.0.0.1:{port}";
    }

    /// <summary>The StackExchange.Redis configuration string for <c>Backplane:Redis</c>.</summary>
    public string Configuration { get; }

    public static async Task<RedisServer> StartAsync()
    {
        var port = LocalProcess.FreePort();
        var process = await LocalProcess.StartAsync("redis-server", "redis-server", port,
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath());
        return new RedisServer(process, port);
    }

    /// <summary>Kills Redis mid-run, as a crash or a lost node would.</summary>
    public void Kill() => process.Kill();

    public void Dispose() => process.Dispose();
}
