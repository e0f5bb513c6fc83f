using OpenTelemetry.Exporter;

namespace DryApi.Mcp.Telemetry;

/// <summary>Export of the server's metrics and traces (section <c>Telemetry</c>); nothing is exported unless an endpoint is set.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// An OpenTelemetry collector's OTLP endpoint: <c>http://otel-collector:4317</c> for gRPC, or its base URL
    /// <c>http://otel-collector:4318</c> with <see cref="OtlpProtocol"/> <c>HttpProtobuf</c> (the server adds
    /// <c>/v1/metrics</c> and <c>/v1/traces</c>; an endpoint that already ends in one of them is read as the URL below it).
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (the default) or <c>HttpProtobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "Grpc";

    /// <summary>How often metrics are pushed to the collector; spans go in batches as they end.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Points an exporter at the collector: over HttpProtobuf at the signal's path (e.g. <c>v1/traces</c>) under its base URL.</summary>
    internal void ConfigureExporter(OtlpExporterOptions exporter, string signalPath)
    {
        var protocol = Enum.Parse<OtlpExportProtocol>(OtlpProtocol, ignoreCase: true);
        exporter.Protocol = protocol;
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(CollectorBase() + "/" + signalPath) : OtlpEndpoint!;
    }

    /// <summary>
    /// The endpoint without a signal's path: one set to <c>…/v1/metrics</c>, as it had to be when only metrics were
    /// exported over HttpProtobuf, still reaches the same collector for both signals.
    /// </summary>
    private string CollectorBase()
    {
        var endpoint = OtlpEndpoint!.AbsoluteUri.TrimEnd('/');
        var signal = SignalPaths.FirstOrDefault(path => endpoint.EndsWith(path, StringComparison.Ordinal));
        return signal is null ? endpoint : endpoint[..^signal.Length];
    }

    private static readonly string[] SignalPaths = ["/v1/metrics", "/v1/traces"];
}
