using DryApi.Client;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Tasks;
using DryApi.Mcp.Tools;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// <c>--stdio</c>: one MCP session over standard input and output, for clients that launch local servers (Claude
/// Desktop, Cursor, VS Code). The same tools and behaviour as over HTTP; the key comes from <c>DRYAPI_API_KEY</c>;
/// logs go to standard error only, since standard output is the protocol.
/// </summary>
internal static class StdioServer
{
    public const string KeyVariable = "DRYAPI_API_KEY";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = CommandLine.ForConfiguration(args),
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        await using var demo = CommandLine.Has(args, DemoUpstream.Switch) ? await DemoUpstream.StartAsync(builder) : null;
        builder.AddDryApiMcp();

        var key = builder.Configuration[KeyVariable] is { Length: > 0 } configured ? configured : demo is null ? null : DemoUpstream.DemoKey;
        if (key is null)
        {
            await Console.Error.WriteLineAsync(
                $"dryapi-mcp --stdio needs your dryAPI API key in the {KeyVariable} environment variable " +
                "(set it in your MCP client's server entry, under \"env\"). Create a key in your dryAPI dashboard.");
            return 2;
        }

        using var host = builder.Build();
        await host.StartAsync();
        demo?.Announce(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DryApi.Mcp"), overHttp: false);
        await ServeAsync(host, new DryApiCredential(key));
        await host.StopAsync();
        return 0;
    }

    private static async Task ServeAsync(IHost host, DryApiCredential credential)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerCredential>().Credential = credential;
        var hostOptions = host.Services.GetRequiredService<IOptions<McpHostOptions>>().Value;
        var tools = host.Services.GetRequiredService<OfferedTools>().Configured;
        var options = ServerDescription.Options(tools, host.Services.GetRequiredService<JobTasks>().Offered);
        var unanswered = new UnansweredRequests();
        options.Filters.Message.IncomingFilters.Add(unanswered.Filter);
        var loggerFactory = host.Services.GetRequiredService<ILoggerFactory>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        await using var transport = new StdioTransport(options, loggerFactory);
        await using var server = McpServer.Create(transport, options, loggerFactory, scope.ServiceProvider);
        using var stopServer = new CancellationTokenSource();
        var running = server.RunAsync(stopServer.Token);
        var inputEnded = transport.MessageReader.Completion;

        // SIGTERM stops the host; standard input ending (the client left, or sent its last request) stops it too.
        // Either way, calls waiting for a job answer at once with their request_id.
        await Task.WhenAny(running, inputEnded, Task.Delay(Timeout.InfiniteTimeSpan, lifetime.ApplicationStopping));
        lifetime.StopApplication();

        // Every request already read is answered, within ShutdownTimeout (a request still running then is abandoned with
        // the session). Once input has ended, the session ends by itself after answering its last request; while input
        // is still open (SIGTERM), it is closed as soon as no request is unanswered.
        var answered = inputEnded.IsCompleted ? running : Task.WhenAny(running, unanswered.AllAnswered);
        await Task.WhenAny(answered, Task.Delay(hostOptions.ShutdownTimeout));
        await stopServer.CancelAsync();
        await running;
    }
}
