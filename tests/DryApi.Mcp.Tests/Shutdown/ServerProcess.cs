using System.Diagnostics;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;

namespace DryApi.Mcp.Tests.Shutdown;

/// <summary>
/// The built server (<c>DryApi.Mcp.dll</c>) as a child process serving Streamable HTTP on a free loopback port, so a
/// test can send it a real SIGTERM and time its exit. Its standard output and error are kept for the assertions.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => this.process = process;

    /// <summary>The Streamable HTTP endpoint, <c>/mcp</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Every line the process wrote, standard output and error interleaved.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (output)
            {
                return [.. output];
            }
        }
    }

    /// <summary>
    /// Starts the server with <paramref name="configuration"/> as environment variables (<c>__</c> for <c>:</c>), on a free
    /// loopback port unless they set <c>ASPNETCORE_URLS</c> or <c>ASPNETCORE_HTTP_PORTS</c>.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> configuration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DryApi.Mcp.dll"));
        if (!configuration.Keys.Any(key => key is "ASPNETCORE_URLS" or "ASPNETCORE_HTTP_PORTS"))
        {
            start.Environment["Urls"] = "http://127.0.0.1:0";
        }

        start.Environment["AllowedHosts"] = "*";
        foreach (var (key, value) in configuration)
        {
            start.Environment[key] = value;
        }

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        server.process.OutputDataReceived += (_, line) => server.Record(line.Data);
        server.process.ErrorDataReceived += (_, line) => server.Record(line.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        try
        {
            var root = await server.listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            server.Endpoint = new Uri(root, "mcp");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An MCP client of the C# SDK on Streamable HTTP, with <paramref name="key"/> as its bearer token.</summary>
    public Task<McpClient> ConnectAsync(string key, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = Endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
            },
            new HttpClient(),
            loggerFactory: null,
            ownsHttpClient: true);
        return McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
    }

    /// <summary>Sends SIGTERM, as Docker, Kubernetes and systemd do to stop a service (.NET has no API to signal another process).</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>Waits for the process to exit, at most <paramref name="limit"/>; false when it is still running.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(limit, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
