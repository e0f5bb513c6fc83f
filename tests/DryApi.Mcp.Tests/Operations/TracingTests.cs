using System.Collections.Concurrent;
using System.Diagnostics;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace DryApi.Mcp.Tests.Operations;

/// <summary>
/// A tool call is one trace: the HTTP request's span, the tool's span under it, with a child per status poll and per
/// request to dryAPI, recorded through the host's own OpenTelemetry tracer provider.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public async Task A_job_tool_call_is_one_trace_of_its_span_its_polls_and_its_requests_to_dryapi_with_no_key_or_argument()
    {
        var spans = new ConcurrentQueue<Activity>();
        await using var harness = await StartRecordingAsync(spans);
        var key = harness.NewKey();
        var prompt = $"a lighthouse painted {Guid.NewGuid():N}";
        await using var client = await harness.ConnectAsync(key);

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(prompt), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError != true, result.Text());
        var requestId = result.StructuredContent!.Value.GetProperty("request_id").GetString();
        var tool = Assert.Single(spans, span => span.DisplayName == "tools/call text_to_image"
            && spans.Any(poll => poll.ParentSpanId == span.SpanId && Tag(poll, "dryapi.request_id") == requestId));
        Assert.Equal("text_to_image", Tag(tool, "gen_ai.tool.name"));
        Assert.Equal("ok", Tag(tool, "dryapi.mcp.tool.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, tool.Status);
        // The server ends the HTTP request's span after the response has reached the client.
        var request = await EndedAsync(spans, span => span.SpanId == tool.ParentSpanId);
        Assert.Equal("POST", Tag(request, "http.request.method"));
        Assert.Equal(ActivityKind.Server, request.Kind);

        var trace = spans.Where(span => span.TraceId == tool.TraceId).ToList();
        var submission = Assert.Single(trace, span => Tag(span, "dryapi.operation") == "requestTxt2Image");
        Assert.Equal(tool.SpanId, submission.ParentSpanId);
        Assert.Equal("200", Tag(submission, "http.response.status_code"));
        var polls = trace.Where(span => span.DisplayName == "poll request-status").ToList();
        Assert.NotEmpty(polls);
        Assert.All(polls, poll => Assert.Equal(tool.SpanId, poll.ParentSpanId));
        Assert.Equal("done", Tag(polls.Last(), "dryapi.job.status"));
        Assert.All(polls, poll =>
        {
            var sent = Assert.Single(trace, span => span.ParentSpanId == poll.SpanId);
            Assert.Equal("GET request-status/{request_id}", sent.DisplayName);
            Assert.Equal("request-status/{request_id}", Tag(sent, "url.template"));
        });
        Assert.Equal(harness.RequestsBy(key, DryApi.Client.Contract.DryApiOperations.RequestStatus).Count, polls.Count);

        var secret = key[(key.IndexOf('|', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(spans.SelectMany(Texts), text => text.Contains(secret, StringComparison.Ordinal) || text.Contains(prompt, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_from_dryapi_marks_the_request_and_the_tool_call_failed()
    {
        var spans = new ConcurrentQueue<Activity>();
        await using var harness = await StartRecordingAsync(spans);
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = 429, RateLimitType = "daily", RetryAfterSeconds = 3600, Count = null });
        await using var client = await harness.ConnectAsync(key);

        var result = await client.CallToolAsync("get_balance", new Dictionary<string, object?>(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError);
        var refused = Assert.Single(spans, span => span.DisplayName == "GET balance" && Tag(span, "http.response.status_code") == "429"
            && spans.Any(tool => tool.SpanId == span.ParentSpanId && tool.DisplayName == "tools/call get_balance"));
        Assert.Equal(ActivityStatusCode.Error, refused.Status);
        var tool = Assert.Single(spans, span => span.SpanId == refused.ParentSpanId);
        Assert.Equal("tool_error", Tag(tool, "dryapi.mcp.tool.outcome"));
        Assert.Equal("tool_error", Tag(tool, "error.type"));
        Assert.Equal(ActivityStatusCode.Error, tool.Status);
    }

    [Fact]
    public async Task A_webhook_delivery_leaves_its_token_out_of_every_span()
    {
        var spans = new ConcurrentQueue<Activity>();
        await using var harness = await StartRecordingAsync(spans, publicHttps: true);
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError != true, result.Text());
        Assert.Contains(harness.Simulator.Webhooks.Entries, delivery => delivery is { Event: "job.completed", StatusCode: 204 });
        // Every webhook token starts with whk_ (WebhookTokens.Prefix).
        Assert.DoesNotContain(spans.SelectMany(Texts), text => text.Contains("whk_", StringComparison.Ordinal));
    }

    /// <summary>A harness whose tracer provider also hands every span it ends to <paramref name="spans"/>.</summary>
    private static Task<McpServerHarness> StartRecordingAsync(ConcurrentQueue<Activity> spans, bool publicHttps = false) =>
        McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            PublicHttps = publicHttps,
            // An endpoint turns tracing on. Nothing listens there (export fails quietly); the spans are read from the processor.
            Configuration = new Dictionary<string, string?>
            {
                ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9",
                ["Telemetry:OtlpProtocol"] = "HttpProtobuf",
            },
            ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Recorder(spans))),
        });

    /// <summary>The one span matching <paramref name="match"/>, waiting up to 10 s for it to end.</summary>
    private static async Task<Activity> EndedAsync(ConcurrentQueue<Activity> spans, Func<Activity, bool> match)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!spans.Any(match) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return Assert.Single(spans, span => match(span));
    }

    private static string? Tag(Activity span, string name) =>
        Convert.ToString(span.GetTagItem(name), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every name and value a span carries.</summary>
    private static IEnumerable<string> Texts(Activity span) =>
        [
            span.DisplayName, span.OperationName, span.TraceStateString ?? string.Empty,
            .. span.TagObjects.SelectMany(tag => new[] { tag.Key, Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty }),
            .. span.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name} {tag.Key} {tag.Value}").Append(e.Name)),
            .. span.Baggage.Select(item => $"{item.Key} {item.Value}"),
        ];

    /// <summary>The providers listen to every <c>DryApi.Mcp</c> source in the process, so other tests' spans arrive too; tests pick theirs by trace.</summary>
    private sealed class Recorder(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}
