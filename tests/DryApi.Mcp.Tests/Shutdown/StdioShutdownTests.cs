using System.Diagnostics;
using System.Globalization;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Client;

namespace DryApi.Mcp.Tests.Shutdown;

/// <summary>The stdio server (as desktop clients launch it) stopped while a job tool call waits: by SIGTERM, or by its client leaving.</summary>
public sealed class StdioShutdownTests
{
    private const string MarkerVariable = "DRYAPI_MCP_TEST_MARKER";

    // However slow the start, the client waits for server/discover instead of falling back to initialize.
    private static McpClientOptions ClientOptions => new() { DiscoverProbeTimeout = Timeout.InfiniteTimeSpan };

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_SIGTERM_the_stdio_server_answers_the_waiting_call_with_its_request_id_and_exits()
    {
        await using var scenario = await ShutdownScenario.StartAsync();
        var key = scenario.NewKey();
        var marker = Guid.NewGuid().ToString("N");
        var stderr = new List<string>();
        await using var client = await McpClient.CreateAsync(Launch(scenario, key, marker, stderr), ClientOptions, cancellationToken: CancellationToken);
        var call = await scenario.StartAsync("text_to_image", key, client);
        await scenario.AllSubmittedAsync();
        var server = ProcessCarrying(marker);

        var stopping = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", server.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(CancellationToken);
        }

        var result = await call.Result.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken);
        await Waits.UntilAsync(() => !IsRunning(server), "the stdio server to exit");
        stopping.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"stdio, SIGTERM with a call waiting: answered and exited in {stopping.Elapsed.TotalSeconds:0.00} s");
        await scenario.AssertHandedBackAsync(call, result);
        string[] lines;
        lock (stderr)
        {
            lines = [.. stderr];
        }

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(7), $"exited after {stopping.Elapsed}\n{string.Join('\n', lines)}");
    }

    [Fact]
    public async Task When_its_client_closes_standard_input_the_stdio_server_stops_waiting_and_exits_at_once()
    {
        await using var scenario = await ShutdownScenario.StartAsync();
        var key = scenario.NewKey();
        var marker = Guid.NewGuid().ToString("N");
        var client = await McpClient.CreateAsync(Launch(scenario, key, marker, []), ClientOptions, cancellationToken: CancellationToken);
        await scenario.StartAsync("text_to_image", key, client);
        await scenario.AllSubmittedAsync();
        var server = ProcessCarrying(marker);

        // Disposing the client closes the server's standard input, then waits for it to exit (up to 30 s, see Launch).
        var leaving = Stopwatch.StartNew();
        await client.DisposeAsync();
        await Waits.UntilAsync(() => !IsRunning(server), "the stdio server to exit");
        leaving.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"stdio, standard input closed with a call waiting: exited in {leaving.Elapsed.TotalSeconds:0.00} s");
        // Without the stop on end of input, the call would keep waiting for its job (45 s) and the client would kill the server.
        Assert.True(leaving.Elapsed < TimeSpan.FromSeconds(5), $"exited {leaving.Elapsed} after standard input closed");
    }

    private static StdioClientTransport Launch(ShutdownScenario scenario, string key, string marker, List<string> stderr) => new(new StdioClientTransportOptions
    {
        Name = "dryapi-mcp",
        Command = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "DryApi.Mcp.dll"), "--stdio"],
        EnvironmentVariables = new Dictionary<string, string?>
        {
            ["DRYAPI_API_KEY"] = key,
            ["DryApi__BaseUrl"] = scenario.Simulator.BaseAddress.ToString(),
            [MarkerVariable] = marker,
        },
        ShutdownTimeout = TimeSpan.FromSeconds(30),
        StandardErrorLines = line =>
        {
            lock (stderr)
            {
                stderr.Add(line);
            }
        },
    });

    /// <summary>The id of the process whose environment holds the marker (the SDK's stdio client does not expose its child).</summary>
    private static int ProcessCarrying(string marker)
    {
        var entry = $"{MarkerVariable}={marker}";
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && EnvironmentOf(directory).Contains(entry))
            {
                return id;
            }
        }

        throw new InvalidOperationException("The stdio server process was not found.");
    }

    private static string[] EnvironmentOf(string processDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(processDirectory, "environ")).Split('\0');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Running means present and not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
