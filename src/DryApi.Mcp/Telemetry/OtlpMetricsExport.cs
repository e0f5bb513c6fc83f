using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace DryApi.Mcp.Telemetry;

/// <summary>
/// Pushes the <see cref="McpMetrics.MeterName"/> meter to an OTLP collector while the host runs, when
/// <c>Telemetry:OtlpEndpoint</c> is set; the meter provider lives and dies with the host.
/// </summary>
internal sealed class OtlpMetricsExport(IOptions<TelemetryOptions> options) : IHostedService, IDisposable
{
    private MeterProvider? provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.OtlpEndpoint is { } endpoint)
        {
            provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(McpMetrics.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = endpoint;
                    exporter.Protocol = Enum.Parse<OtlpExportProtocol>(settings.OtlpProtocol, ignoreCase: true);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.ExportInterval.TotalMilliseconds;
                })
                .Build();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        provider?.ForceFlush();
        return Task.CompletedTask;
    }

    public void Dispose() => provider?.Dispose();
}
