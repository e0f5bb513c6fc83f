using DryApi.Mcp.Webhooks;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DryApi.Mcp.Telemetry;

internal static class TelemetryHostingExtensions
{
    /// <summary>
    /// The <c>DryApi.Mcp</c> meter and activity source, dryAPI's requests traced and counted on the client's HTTP
    /// pipeline, ASP.NET Core's request spans, and OpenTelemetry's meter and tracer providers (started and stopped with
    /// the host by OpenTelemetry.Extensions.Hosting) with OTLP exporters, when <c>Telemetry:OtlpEndpoint</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddDryApiMcpTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<McpMetrics>();
        services.AddTransient<UpstreamTelemetry>();
        // "DryApi" is the named HttpClient of DryApi.Client's AddDryApiClient; MetricsTests fail if it stops matching.
        services.AddHttpClient("DryApi").AddHttpMessageHandler<UpstreamTelemetry>();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName)
            .Validate(options => options.OtlpEndpoint is null || options.OtlpEndpoint.IsAbsoluteUri,
                "Telemetry:OtlpEndpoint must be an absolute URL such as http://otel-collector:4317.")
            .Validate(options => Enum.TryParse<OtlpExportProtocol>(options.OtlpProtocol, ignoreCase: true, out _),
                "Telemetry:OtlpProtocol must be Grpc or HttpProtobuf.")
            .Validate(options => options.ExportInterval >= TimeSpan.FromSeconds(1),
                "Telemetry:ExportInterval must be at least 00:00:01.")
            .ValidateOnStart();

        // Read now because providers are added while services are registered. Without an endpoint (or with an invalid
        // one, which fails the start above) no provider runs: nothing is traced, and the start stays as fast as without OpenTelemetry.
        var export = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>();
        if (export?.OtlpEndpoint is not { IsAbsoluteUri: true }
            || !Enum.TryParse<OtlpExportProtocol>(export.OtlpProtocol, ignoreCase: true, out _))
        {
            return builder;
        }

        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(McpMetrics.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    export.ConfigureExporter(exporter, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)export.ExportInterval.TotalMilliseconds;
                }))
            .WithTracing(tracing => tracing
                // The HTTP request's span, the parent of a tool call's; without it a call's span would sit under ASP.NET
                // Core's unrecorded request activity, which the default (parent-based) sampler follows and drops.
                // dryAPI's webhook deliveries are not traced: their path is the webhook's token.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context =>
                    !context.Request.Path.StartsWithSegments(JobWebhooks.PathPrefix.TrimEnd('/'), StringComparison.Ordinal))
                .AddSource(McpTracing.SourceName)
                .AddOtlpExporter(exporter => export.ConfigureExporter(exporter, "v1/traces")));
        return builder;
    }
}
