using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DryApi.Mcp.Telemetry;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace DryApi.Mcp.Tests.Operations;

/// <summary>Tool calls, job waits and dryAPI's responses are recorded on the host's <c>DryApi.Mcp</c> meter.</summary>
public sealed class MetricsTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    [Fact]
    public async Task A_job_tool_call_records_its_outcome_wait_polls_and_upstream_responses()
    {
        using var recorded = new RecordedMeasurements(harness.Services.GetRequiredService<IMeterFactory>());
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError != true, result.Text());
        Assert.Contains(recorded.Of("dryapi.mcp.tool.calls"), m => m.Tag("tool") == "text_to_image" && m.Tag("outcome") == "ok" && m.Value == 1);
        var wait = Assert.Single(recorded.Of("dryapi.mcp.job.wait.duration"));
        Assert.Equal("image", wait.Tag("job.kind"));
        Assert.Equal("finished", wait.Tag("end"));
        Assert.InRange(wait.Value, 0.5, 60);
        var polls = Assert.Single(recorded.Of("dryapi.mcp.job.polls"));
        Assert.InRange(polls.Value, 1, 100);
        Assert.Contains(recorded.Of("dryapi.mcp.upstream.responses"), m => m.Tag("http.response.status_code") == "200");
    }

    [Fact]
    public async Task A_bad_argument_is_counted_as_refused()
    {
        using var recorded = new RecordedMeasurements(harness.Services.GetRequiredService<IMeterFactory>());
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var arguments = ToolSamples.TextToImage();
        arguments["width"] = "wide";
        var result = await client.CallToolAsync("text_to_image", arguments, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError);
        Assert.Contains(recorded.Of("dryapi.mcp.tool.calls"), m => m.Tag("tool") == "text_to_image" && m.Tag("outcome") == "refused");
        Assert.Empty(recorded.Of("dryapi.mcp.upstream.responses"));
    }

    [Fact]
    public async Task A_429_from_dryapi_is_a_tool_error_counted_by_status_and_as_rate_limited()
    {
        using var recorded = new RecordedMeasurements(harness.Services.GetRequiredService<IMeterFactory>());
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = 429, RateLimitType = "daily", RetryAfterSeconds = 3600, Count = null });
        await using var client = await harness.ConnectAsync(key);

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError);
        Assert.Contains(recorded.Of("dryapi.mcp.tool.calls"), m => m.Tag("tool") == "text_to_image" && m.Tag("outcome") == "tool_error");
        Assert.Contains(recorded.Of("dryapi.mcp.upstream.responses"), m => m.Tag("http.response.status_code") == "429");
        Assert.NotEmpty(recorded.Of("dryapi.mcp.upstream.rate_limited"));
    }

    /// <summary>Measurements of the meters one host's <see cref="IMeterFactory"/> created, so parallel tests' hosts do not mix in.</summary>
    private sealed class RecordedMeasurements : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentQueue<(string Instrument, Measurement Measurement)> measurements = new();

        public RecordedMeasurements(IMeterFactory factory)
        {
            listener.InstrumentPublished = (instrument, subscriber) =>
            {
                if (instrument.Meter.Name == McpMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    subscriber.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
            listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            listener.Start();
        }

        public IReadOnlyList<Measurement> Of(string instrument) =>
            [.. measurements.Where(entry => entry.Instrument == instrument).Select(entry => entry.Measurement)];

        public void Dispose() => listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measurements.Enqueue((instrument.Name, new Measurement(value, tags.ToArray())));
    }

    private sealed record Measurement(double Value, KeyValuePair<string, object?>[] Tags)
    {
        public string? Tag(string name) =>
            Tags.Where(tag => tag.Key == name).Select(tag => Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
    }
}
