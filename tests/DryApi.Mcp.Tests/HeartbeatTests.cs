using System.Net;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Tests.Support;
using static DryApi.Mcp.Tests.Support.RawMcpRequest;

namespace DryApi.Mcp.Tests;

/// <summary>A long, quiet call keeps its event stream alive with SSE comments, so proxies do not cut it.</summary>
public sealed class HeartbeatTests
{
    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task Quiet_tool_call_writes_keep_alive_comments_before_its_result(string version)
    {
        await using var harness = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:HeartbeatInterval"] = "00:00:01" },
            JobDurations = new Dictionary<JobKind, TimeSpan> { [JobKind.Image] = TimeSpan.FromSeconds(3) },
        });
        var arguments = JsonSerializer.SerializeToNode(ToolSamples.TextToImage())!.AsObject();
        var modern = version == Modern;
        var body = Call("tools/call", new JsonObject { ["name"] = "text_to_image", ["arguments"] = arguments }, metaVersion: modern ? Modern : null);
        using var request = Post(harness.Endpoint, body, harness.NewKey(),
            modern ? ModernHeaders("tools/call", "text_to_image") : new Dictionary<string, string> { ["MCP-Protocol-Version"] = Legacy });
        using var http = new HttpClient();

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var stream = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = stream.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var keepAlive = lines.IndexOf(": keep-alive");
        var result = lines.FindIndex(line => line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("\"result\"", StringComparison.Ordinal));
        var opening = stream[..Math.Min(120, stream.Length)];
        Assert.True(keepAlive >= 0, $"No keep-alive comment in the stream, which began: {opening}");
        Assert.True(keepAlive < result, $"The keep-alive comment did not come before the result; the stream began: {opening}");
        Assert.Equal("done", ResponseMessage(stream, "text/event-stream")?["result"]?["structuredContent"]?["status"]?.GetValue<string>());
    }

    /// <summary>
    /// Every call's response goes through a heartbeat stream, and most calls end before its first beat; stopping it then
    /// must not throw (a cancelled wait threw twice per call). Exceptions are counted only on this test's own async flow.
    /// </summary>
    [Fact]
    public async Task Heartbeat_stopped_before_its_first_beat_throws_nothing()
    {
        var thrown = 0;
        var mine = new AsyncLocal<bool> { Value = true };
        EventHandler<FirstChanceExceptionEventArgs> count = (_, _) =>
        {
            if (mine.Value)
            {
                Interlocked.Increment(ref thrown);
            }
        };
        AppDomain.CurrentDomain.FirstChanceException += count;
        try
        {
            await using (var heartbeat = new HeartbeatStream(Stream.Null, TimeProvider.System, TimeSpan.FromSeconds(10), () => true))
            {
                await heartbeat.WriteAsync("event: message\ndata: {}\n\n"u8.ToArray(), TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= count;
        }

        Assert.Equal(0, thrown);
    }
}
