using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Operations;

/// <summary>
/// A refused credential or a client's mistake, of every request kind and in both protocol eras, costs the server's log
/// at most one short line and never a stack trace: measured in the lines the default configuration writes.
/// </summary>
public sealed partial class RefusedRequestLogTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const int Repeats = 5;
    private const int MaxBytesPerRequest = 300;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Requests()
    {
        string[] kinds =
        [
            "read the model list with a rejected key", "read a model card with a rejected key", "read an unknown resource",
            "complete with a rejected key", "complete an unknown reference", "call a tool with a rejected key", "call an unknown tool",
            "call a tool with a bad argument", "list prompts", "get a prompt", "call an unknown method", "subscribe to a resource",
            "set an unknown log level", "read with params of the wrong type", "call a tool with params of the wrong type",
        ];
        var requests = new TheoryData<string, string>();
        foreach (var era in new[] { RawMcpRequest.Legacy, RawMcpRequest.Modern })
        {
            foreach (var kind in kinds)
            {
                requests.Add(era, kind);
            }
        }

        return requests;
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_refused_request_logs_at_most_one_short_line_and_no_stack_trace(string era, string kind)
    {
        var key = harness.UnknownKey();
        await using var client = await harness.ConnectAsync(key, era);
        var before = harness.Logs.Lines.Count;

        for (var repeat = 0; repeat < Repeats; repeat++)
        {
            await SendRefusedAsync(client, key, era, kind);
        }

        var written = harness.Logs.Lines.Skip(before).Where(WrittenByDefault).ToList();
        var report = string.Join(Environment.NewLine, written);
        Assert.True(written.Count <= Repeats, $"{written.Count} lines for {Repeats} requests:{Environment.NewLine}{report}");
        Assert.True(written.Sum(line => line.Length) <= Repeats * MaxBytesPerRequest, $"Over {MaxBytesPerRequest} bytes a request:{Environment.NewLine}{report}");
        Assert.DoesNotContain(written, line => line.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fault_in_the_sdk_is_still_logged_with_its_stack_trace()
    {
        var marker = Guid.NewGuid().ToString("N");
        var sdk = harness.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ModelContextProtocol.Server.McpServer");

        LogHandlerFailed(sdk, Thrown(new InvalidOperationException("fault " + marker)));
        LogHandlerFailed(sdk, Thrown(new McpProtocolException("refused " + marker, McpErrorCode.InvalidParams)));

        var line = Assert.Single(harness.Logs.Lines, line => line.Contains(marker, StringComparison.Ordinal));
        Assert.Contains("fault " + marker, line, StringComparison.Ordinal);
        Assert.Contains("   at ", line, StringComparison.Ordinal);
    }

    /// <summary>A line the default configuration (appsettings.json) writes: the SDK, ASP.NET Core and HttpClient from Warning, the rest from Information.</summary>
    private static bool WrittenByDefault(string line)
    {
        var level = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        var category = line[(level.Length + 1)..line.IndexOf(':', StringComparison.Ordinal)];
        var quiet = category.StartsWith("ModelContextProtocol", StringComparison.Ordinal)
                    || category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                    || category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal);
        return level switch
        {
            "Warning" or "Error" or "Critical" => true,
            "Information" => !quiet,
            _ => false,
        };
    }

    private async Task SendRefusedAsync(McpClient client, string key, string era, string kind)
    {
        try
        {
            await (Task)(kind switch
            {
                "read the model list with a rejected key" => client.ReadResourceAsync("dryapi://models", cancellationToken: CancellationToken).AsTask(),
                "read a model card with a rejected key" => client.ReadResourceAsync("dryapi://models/txt2img/Flux1schnell", cancellationToken: CancellationToken).AsTask(),
                "read an unknown resource" => client.ReadResourceAsync("dryapi://nothing/here", cancellationToken: CancellationToken).AsTask(),
                "complete with a rejected key" => client.CompleteAsync(
                    new ResourceTemplateReference { Uri = "dryapi://models/{inference_type}" }, "inference_type", "t", cancellationToken: CancellationToken).AsTask(),
                "complete an unknown reference" => client.CompleteAsync(new PromptReference { Name = "none" }, "a", "b", cancellationToken: CancellationToken).AsTask(),
                "call a tool with a rejected key" => client.CallToolAsync("get_balance", new Dictionary<string, object?>(), cancellationToken: CancellationToken).AsTask(),
                "call an unknown tool" => client.CallToolAsync("no_such_tool", new Dictionary<string, object?>(), cancellationToken: CancellationToken).AsTask(),
                "call a tool with a bad argument" => client.CallToolAsync(
                    "check_job_status", new Dictionary<string, object?> { ["request_id"] = 5 }, cancellationToken: CancellationToken).AsTask(),
                "list prompts" => Raw(client, "prompts/list", []),
                "get a prompt" => Raw(client, "prompts/get", new JsonObject { ["name"] = "none" }),
                "call an unknown method" => Raw(client, "no/such/method", []),
                "subscribe to a resource" => Raw(client, "resources/subscribe", new JsonObject { ["uri"] = "dryapi://models" }),
                "set an unknown log level" => Raw(client, "logging/setLevel", new JsonObject { ["level"] = "loudest" }),
                // The SDK's client cannot send these; they go by hand.
                "read with params of the wrong type" => PostAsync(key, era, "resources/read", new JsonObject { ["uri"] = 5 }),
                "call a tool with params of the wrong type" => PostAsync(key, era, "tools/call", new JsonObject { ["name"] = 5 }),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such request kind."),
            });
        }
        catch (Exception exception) when (exception is McpException or HttpRequestException)
        {
            // Refused, as intended; only the log is under test.
        }
    }

    private static Task<JsonRpcResponse> Raw(McpClient client, string method, JsonObject parameters) =>
        client.SendRequestAsync(new JsonRpcRequest { Method = method, Params = parameters }, CancellationToken);

    private async Task PostAsync(string key, string era, string method, JsonObject parameters)
    {
        var modern = era == RawMcpRequest.Modern;
        using var http = new HttpClient();
        using var request = RawMcpRequest.Post(
            harness.Endpoint,
            RawMcpRequest.Call(method, parameters, modern ? era : null),
            key,
            modern ? RawMcpRequest.ModernHeaders(method) : new Dictionary<string, string> { ["MCP-Protocol-Version"] = era });
        using var response = await http.SendAsync(request, CancellationToken);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(CancellationToken), StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request handler failed.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception thrown)
        {
            return thrown;
        }
    }
}
