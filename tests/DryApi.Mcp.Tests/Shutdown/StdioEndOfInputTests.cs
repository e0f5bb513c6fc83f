using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Shutdown;

/// <summary>
/// The stdio server fed by a pipe whose writer closes it right after its requests, as <c>printf '…' | dryapi-mcp --stdio</c>
/// does: every request already read is answered on standard output, then the server exits within Mcp:ShutdownTimeout.
/// </summary>
public sealed class StdioEndOfInputTests
{
    /// <summary>Mcp:ShutdownTimeout's default, which these servers run with.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Time for the process to exit once its session has closed, on a busy machine.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_written_just_before_standard_input_closes_are_all_answered_then_the_server_exits()
    {
        await using var scenario = await ShutdownScenario.StartAsync();
        var key = scenario.NewKey();
        await using var server = PipedServer.Start(scenario, key);
        var call = new ShutdownScenario.Call("text_to_image", key, server.ResultOf(3));

        await server.WriteAsync(Initialize(1), Initialized, Request(2, "tools/list"), TextToImage(3));
        server.CloseInput();
        var initialize = await server.AnswerTo(1).WaitAsync(TimeSpan.FromSeconds(60), CancellationToken);
        var draining = Stopwatch.StartNew();
        var exited = await server.ExitsWithinAsync(ShutdownTimeout + Slack);
        draining.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"stdio, input closed after 3 requests: exited {draining.Elapsed.TotalSeconds:0.00} s after the first answer");
        Assert.True(exited, $"still running {draining.Elapsed} after its first answer\n{server.Transcript}");
        Assert.True(server.AnsweredIds.Order().SequenceEqual([1, 2, 3]), server.Transcript);
        Assert.Equal("dryapi-mcp", initialize["result"]?["serverInfo"]?["name"]?.GetValue<string>());
        Assert.Contains((await server.AnswerTo(2))["result"]!["tools"]!.AsArray(), tool => tool!["name"]!.GetValue<string>() == call.Tool);

        // The call was read before the stop began: either it had submitted its job and answers with the request_id, or it
        // had not and submits nothing (README, "Jobs"). Both are answers; what must not happen is silence.
        var result = await call.Result;
        if (result.StructuredContent is { } outcome && outcome.TryGetProperty("request_id", out _))
        {
            await scenario.AssertHandedBackAsync(call, result);
        }
        else
        {
            Assert.Contains("nothing was submitted", result.Text(), StringComparison.Ordinal);
            Assert.Empty(scenario.SubmissionsOf(call));
        }

        Assert.Equal(0, server.ExitCode);
    }

    [Fact]
    public async Task When_standard_input_closes_while_a_job_call_waits_its_request_id_is_written_before_the_server_exits()
    {
        await using var scenario = await ShutdownScenario.StartAsync();
        var key = scenario.NewKey();
        await using var server = PipedServer.Start(scenario, key);
        var call = new ShutdownScenario.Call("text_to_image", key, server.ResultOf(2));
        await server.WriteAsync(Initialize(1), Initialized, TextToImage(2));
        await Waits.UntilAsync(() => scenario.SubmissionsOf(call) is [{ StatusCode: 200 }], "the job to be submitted");

        var leaving = Stopwatch.StartNew();
        server.CloseInput();
        var exited = await server.ExitsWithinAsync(ShutdownTimeout + Slack);
        leaving.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"stdio, input closed with a call waiting: exited in {leaving.Elapsed.TotalSeconds:0.00} s");
        Assert.True(exited, $"still running {leaving.Elapsed} after standard input closed\n{server.Transcript}");
        Assert.True(server.AnsweredIds.Order().SequenceEqual([1, 2]), server.Transcript);
        await scenario.AssertHandedBackAsync(call, await call.Result);
        Assert.Equal(0, server.ExitCode);
    }

    private static JsonObject Request(int id, string method, JsonObject? parameters = null) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };

    private static JsonObject Initialize(int id) => Request(id, "initialize", new JsonObject
    {
        ["protocolVersion"] = "2025-06-18",
        ["capabilities"] = new JsonObject(),
        ["clientInfo"] = new JsonObject { ["name"] = "pipe", ["version"] = "1.0.0" },
    });

    private static JsonObject Initialized => new() { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" };

    private static JsonObject TextToImage(int id) => Request(id, "tools/call", new JsonObject
    {
        ["name"] = "text_to_image",
        ["arguments"] = JsonSerializer.SerializeToNode(ToolSamples.TextToImage(), McpJsonUtilities.DefaultOptions),
    });

    /// <summary><c>dotnet DryApi.Mcp.dll --stdio</c> with its standard streams as pipes; what it writes is kept by JSON-RPC id.</summary>
    private sealed class PipedServer : IAsyncDisposable
    {
        private readonly Process process;
        private readonly List<string> lines = [];
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> answers = new();
        private readonly Task reading;

        private PipedServer(Process process)
        {
            this.process = process;
            process.ErrorDataReceived += (_, line) =>
            {
                if (line.Data is not null)
                {
                    Record("stderr: " + line.Data);
                }
            };
            process.BeginErrorReadLine();
            reading = ReadAnswersAsync();
        }

        public IEnumerable<int> AnsweredIds => answers.Where(answer => answer.Value.Task.IsCompleted).Select(answer => answer.Key);

        public int ExitCode => process.ExitCode;

        /// <summary>Everything it wrote, standard output and error interleaved.</summary>
        public string Transcript
        {
            get
            {
                lock (lines)
                {
                    return string.Join('\n', lines);
                }
            }
        }

        public static PipedServer Start(ShutdownScenario scenario, string key)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DryApi.Mcp.dll"));
            start.ArgumentList.Add("--stdio");
            start.Environment["DRYAPI_API_KEY"] = key;
            start.Environment["DryApi__BaseUrl"] = scenario.Simulator.BaseAddress.ToString();
            return new PipedServer(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        }

        /// <summary>Writes each message as one line, as an MCP client does on stdio.</summary>
        public async Task WriteAsync(params JsonObject[] messages)
        {
            foreach (var message in messages)
            {
                await process.StandardInput.WriteLineAsync(message.ToJsonString().AsMemory(), CancellationToken);
            }

            await process.StandardInput.FlushAsync(CancellationToken);
        }

        public void CloseInput() => process.StandardInput.Close();

        public Task<JsonNode> AnswerTo(int id) => Answer(id).Task;

        public async Task<CallToolResult> ResultOf(int id)
        {
            var answer = await AnswerTo(id);
            return answer["result"]?.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)
                ?? throw new InvalidOperationException($"Request {id} was answered without a result: {answer.ToJsonString()}");
        }

        /// <summary>Waits for the process to exit and its output to be read, at most <paramref name="limit"/>; false when it is still running.</summary>
        public async Task<bool> ExitsWithinAsync(TimeSpan limit)
        {
            try
            {
                await Task.WhenAll(process.WaitForExitAsync(CancellationToken), reading).WaitAsync(limit, CancellationToken);
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

        private async Task ReadAnswersAsync()
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                Record("stdout: " + line);
                if (JsonNode.Parse(line) is JsonObject message && message["id"] is JsonValue id && (message.ContainsKey("result") || message.ContainsKey("error")))
                {
                    Answer(id.GetValue<int>()).TrySetResult(message);
                }
            }
        }

        private TaskCompletionSource<JsonNode> Answer(int id) =>
            answers.GetOrAdd(id, _ => new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously));

        private void Record(string line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }
}
