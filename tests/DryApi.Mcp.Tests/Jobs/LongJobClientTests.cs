using System.Diagnostics;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Jobs;

/// <summary>
/// A client that gives up on any call after 60 seconds, progress or not (the C# SDK client with a 60-second token, as
/// hosts built on it set; the TypeScript SDK client's default is the same, proved in tests/conformance/run.sh), on a
/// 3-minute video, at the server's shipped budgets: every call answers in time, the agent's identical retry pays
/// nothing, and check_job_status delivers the video. Real time: the test takes a little over 3 minutes.
/// </summary>
public sealed class LongJobClientTests
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    private static readonly McpHarnessSettings ThreeMinuteVideos = new()
    {
        JobDurations = new Dictionary<JobKind, TimeSpan> { [JobKind.Video] = TimeSpan.FromMinutes(3) },
    };

    [Fact]
    public async Task A_60_second_client_gets_the_request_id_in_time_and_the_video_from_check_job_status()
    {
        await using var harness = await McpServerHarness.StartAsync(ThreeMinuteVideos);
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);
        var arguments = await ToolSamples.All["text_to_video"].Arguments(client);

        var first = await CallWithTimeoutAsync(client, "text_to_video", arguments);
        var requestId = first.StructuredContent!.Value.GetProperty("request_id").GetString()!;
        Assert.False(first.StructuredContent!.Value.GetProperty("finished").GetBoolean(), first.Text());
        Assert.Contains("check_job_status", first.Text(), StringComparison.Ordinal);

        var retry = await CallWithTimeoutAsync(client, "text_to_video", arguments);
        Assert.Equal(requestId, retry.StructuredContent!.Value.GetProperty("request_id").GetString());
        Assert.Contains("nothing new was submitted", retry.Text(), StringComparison.Ordinal);

        CallToolResult status;
        do
        {
            status = await CallWithTimeoutAsync(client, "check_job_status", new() { ["request_id"] = requestId, ["wait_seconds"] = 300 });
        }
        while (!status.StructuredContent!.Value.GetProperty("finished").GetBoolean());

        Assert.Equal("done", status.StructuredContent!.Value.GetProperty("status").GetString());
        using var download = new HttpClient();
        var video = await download.GetByteArrayAsync(
            new Uri(status.StructuredContent!.Value.GetProperty("result_url").GetString()!), TestContext.Current.CancellationToken);
        Assert.True(MediaSignature.Matches(ResultKind.Mp4, video), MediaSignature.Describe(video));
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToVideo));
    }

    /// <summary>Calls as the client would, with progress, and fails if the answer would have come after its timeout.</summary>
    private static async Task<CallToolResult> CallWithTimeoutAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ClientTimeout);
        var started = Stopwatch.StartNew();
        var result = await client.CallToolAsync(tool, arguments, new ProgressRecorder(), cancellationToken: timeout.Token);
        Assert.True(started.Elapsed < ClientTimeout, $"{tool} answered after {started.Elapsed}.");
        Assert.True(result.IsError is null or false, result.Text());
        return result;
    }
}
