namespace DryApi.Mcp.Telemetry;

internal static class TelemetryHostingExtensions
{
    /// <summary>The <c>DryApi.Mcp</c> metrics, dryAPI's responses counted on the client's HTTP pipeline, and OTLP export when configured.</summary>
    public static IServiceCollection AddDryApiMcpMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<McpMetrics>();
        services.AddTransient<UpstreamResponseMetering>();
        // "DryApi" is the named HttpClient of DryApi.Client's AddDryApiClient; MetricsTests fail if it stops matching.
        services.AddHttpClient("DryApi").AddHttpMessageHandler<UpstreamResponseMetering>();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName)
            .Validate(options => options.OtlpEndpoint is null || options.OtlpEndpoint.IsAbsoluteUri,
                "Telemetry:OtlpEndpoint must be an absolute URL such as http://otel-collector:4317.")
            .Validate(options => Enum.TryParse<OpenTelemetry.Exporter.OtlpExportProtocol>(options.OtlpProtocol, ignoreCase: true, out _),
                "Telemetry:OtlpProtocol must be Grpc or HttpProtobuf.")
            .Validate(options => options.ExportInterval >= TimeSpan.FromSeconds(1),
                "Telemetry:ExportInterval must be at least 00:00:01.")
            .ValidateOnStart();
        services.AddHostedService<OtlpMetricsExport>();
        return services;
    }
}
