using System.Diagnostics;
using System.Net.Sockets;

namespace DryApi.Mcp.Tests.Replicas;

/// <summary>A server program from Debian's packages (redis-server, haproxy) run for a test, stopped when disposed.</summary>
internal sealed class LocalProcess : IDisposable
{
    private static readonly string[] Folders = ["/usr/bin", "/usr/sbin", "/usr/local/bin"];

    private readonly Process process;

    private LocalProcess(Process process) => this.process = process;

    /// <summary>Starts <paramref name="program"/> and waits (at most 10 s) until it accepts connections on <paramref name="port"/>.</summary>
    public static async Task<LocalProcess> StartAsync(string program, string package, int port, params string[] arguments)
    {
        var path = Folders.Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{program} is not installed: apt-get install {package} (.ci/run installs it).");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var running = new LocalProcess(process);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                running.Dispose();
                throw new InvalidOperationException($"{program} did not start listening on port {port}.");
            }

            await Task.Delay(20);
        }

        return running;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the program at once, as a crash would.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
