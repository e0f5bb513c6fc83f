using System.Collections.Concurrent;
using DryApi.Mcp.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DryApi.Mcp.Tests.Operations;

/// <summary>With <c>Telemetry:OtlpEndpoint</c> set, the host pushes its <c>DryApi.Mcp</c> metrics to that collector.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_reach_an_otlp_http_collector()
    {
        var exports = new ConcurrentQueue<byte[]>();
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        collectorBuilder.Logging.ClearProviders();
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync(TestContext.Current.CancellationToken);

        await using (var harness = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            Configuration = new Dictionary<string, string?>
            {
                ["Telemetry:OtlpEndpoint"] = collector.Urls.Single().TrimEnd('/') + "/v1/metrics",
                ["Telemetry:OtlpProtocol"] = "HttpProtobuf",
                ["Telemetry:ExportInterval"] = "00:00:01",
            },
        }))
        {
            await using var client = await harness.ConnectAsync(harness.NewKey());
            await client.CallToolAsync("get_balance", new Dictionary<string, object?>(), cancellationToken: TestContext.Current.CancellationToken);
        }

        // OTLP protobuf carries instrument names as plain UTF-8 strings.
        Assert.Contains(exports, export => System.Text.Encoding.UTF8.GetString(export).Contains("dryapi.mcp.tool.calls", StringComparison.Ordinal));
    }
}
