using System.Collections.Concurrent;
using System.Text;
using DryApi.Mcp.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DryApi.Mcp.Tests.Operations;

/// <summary>With <c>Telemetry:OtlpEndpoint</c> set, the host pushes its <c>DryApi.Mcp</c> metrics and spans to that collector.</summary>
public sealed class OtlpExportTests
{
    [Theory]
    [InlineData("")]
    [InlineData("/v1/metrics")] // the form metrics-only export required: read as the base URL below it
    public async Task Metrics_and_spans_reach_an_otlp_http_collector_at_its_signal_paths(string endpointPath)
    {
        var exports = new ConcurrentQueue<(string Path, byte[] Body)>();
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        collectorBuilder.Logging.ClearProviders();
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue((request.Path, body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync(TestContext.Current.CancellationToken);

        string key;
        await using (var harness = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            Configuration = new Dictionary<string, string?>
            {
                ["Telemetry:OtlpEndpoint"] = collector.Urls.Single() + endpointPath,
                ["Telemetry:OtlpProtocol"] = "HttpProtobuf",
                ["Telemetry:ExportInterval"] = "00:00:01",
            },
        }))
        {
            key = harness.NewKey();
            await using var client = await harness.ConnectAsync(key);
            await client.CallToolAsync("get_balance", new Dictionary<string, object?>(), cancellationToken: TestContext.Current.CancellationToken);
        }

        // OTLP protobuf carries instrument and span names and tag values as plain UTF-8 strings.
        Assert.Contains(exports, export => export.Path == "/v1/metrics" && Encoding.UTF8.GetString(export.Body).Contains("dryapi.mcp.tool.calls", StringComparison.Ordinal));
        var spans = exports.Where(export => export.Path == "/v1/traces").Select(export => Encoding.UTF8.GetString(export.Body)).ToList();
        Assert.Contains(spans, body => body.Contains("tools/call get_balance", StringComparison.Ordinal) && body.Contains("GET balance", StringComparison.Ordinal));
        Assert.DoesNotContain(spans, body => body.Contains(key[(key.IndexOf('|', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal));
    }
}
