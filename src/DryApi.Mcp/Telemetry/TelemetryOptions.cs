namespace DryApi.Mcp.Telemetry;

/// <summary>Export of the server's metrics (section <c>Telemetry</c>); nothing is exported unless an endpoint is set.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// An OpenTelemetry collector's OTLP endpoint: <c>http://otel-collector:4317</c> for gRPC, or the full URL
    /// <c>http://otel-collector:4318/v1/metrics</c> with <see cref="OtlpProtocol"/> <c>HttpProtobuf</c>.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (the default) or <c>HttpProtobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "Grpc";

    /// <summary>How often metrics are pushed to the collector.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);
}
