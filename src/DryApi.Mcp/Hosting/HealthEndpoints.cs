using System.Globalization;
using System.Text.Json;
using DryApi.Mcp.Backplane;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// <c>/healthz</c> (liveness: the process serves; runs no check) and <c>/readyz</c> (readiness: dryAPI is reachable;
/// with a backplane, whether Redis answers, which degrades the status but keeps it 200),
/// unauthenticated, answering 200 or 503 with a JSON body naming each check's status and why.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    private const string ReadinessTag = "ready";

    public static IServiceCollection AddDryApiHealthChecks(this IServiceCollection services)
    {
        services.AddHttpClient(DryApiReachabilityCheck.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddHealthChecks()
            .AddCheck<DryApiReachabilityCheck>("dryapi", tags: [ReadinessTag])
            .AddCheck<BackplaneReadinessCheck>("backplane", tags: [ReadinessTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapDryApiHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(ReadinessTag),
            ResponseWriter = WriteJsonAsync,
        });
        return endpoints;
    }

    /// <summary>E.g. <c>{"status":"Unhealthy","checks":{"dryapi":{"status":"Unhealthy","description":"dryAPI at … is unreachable: …"}}}</c>.</summary>
    private static async Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteString("duration", report.TotalDuration.ToString("c", CultureInfo.InvariantCulture));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
