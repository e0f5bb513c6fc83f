using DryApi.Client;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Backplane;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Logging;
using DryApi.Mcp.Resources;
using DryApi.Mcp.Tasks;
using DryApi.Mcp.Telemetry;
using DryApi.Mcp.Tools;
using DryApi.Mcp.Tools.Files;
using DryApi.Mcp.Tools.Models;
using DryApi.Mcp.Tools.Pricing;
using DryApi.Mcp.Tools.Results;
using DryApi.Mcp.Webhooks;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Hosting;

public static class McpHostingExtensions
{
    /// <summary>The MCP server's services: the dryAPI client, tools, job polling, the endpoint's options, and OAuth (when enabled).</summary>
    public static IHostApplicationBuilder AddDryApiMcp(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddDryApiClient().BindConfiguration(DryApiClientOptions.SectionName);
        services.AddOptions<McpHostOptions>().BindConfiguration(McpHostOptions.SectionName)
            .Validate(options => options.Path.StartsWith('/'), "Mcp:Path must start with '/', e.g. /mcp.")
            .Validate(options => options.WaitBudget > TimeSpan.Zero
                    && options.ClientWaitBudgets.Values.All(budget => budget.WithProgress > TimeSpan.Zero && budget.WithoutProgress > TimeSpan.Zero),
                "Mcp:WaitBudget and each Mcp:ClientWaitBudgets entry's WithProgress and WithoutProgress must be positive durations such as 00:00:45.")
            .Validate(options => options.MaxCostPerCallUsd is null or >= 0,
                "Mcp:MaxCostPerCallUsd must be a positive amount in US dollars, such as 0.50, or absent for no ceiling.")
            .Validate(options => options.HeartbeatInterval is { TotalSeconds: >= 1 and <= 15 },
                "Mcp:HeartbeatInterval must be between 00:00:01 and 00:00:15 so proxies do not cut long calls.")
            .Validate(options => options.MaxRequestBodyBytes > 0, "Mcp:MaxRequestBodyBytes must be a positive number of bytes, such as 67108864.")
            .Validate(options => options.MaxRequestBodyBytesInFlight >= options.MaxRequestBodyBytes,
                "Mcp:MaxRequestBodyBytesInFlight must be at least Mcp:MaxRequestBodyBytes, or no body of the largest size could ever be read.")
            .Validate(options => options.MaxUnverifiedBodyBytes >= 0 && options.MaxMessageBytesWithoutFiles > 0 && options.MaxFileBytesPerCall > 0,
                "Mcp:MaxUnverifiedBodyBytes (0 or more), Mcp:MaxMessageBytesWithoutFiles and Mcp:MaxFileBytesPerCall must be numbers of bytes, such as 1048576.")
            .Validate(options => options.DuplicateCallWindow >= TimeSpan.Zero,
                "Mcp:DuplicateCallWindow must be a duration such as 00:10:00, or 00:00:00 to submit every call.")
            .Validate(options => options.ShutdownTimeout > TimeSpan.Zero,
                "Mcp:ShutdownTimeout must be a positive duration such as 00:00:05 (under your orchestrator's stop timeout).")
            .ValidateOnStart();

        // The host reads HostOptions when it is built, before options are validated, so the drain bound comes from configuration directly.
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) => host.ShutdownTimeout =
            configuration.GetValue($"{McpHostOptions.SectionName}:{nameof(McpHostOptions.ShutdownTimeout)}", new McpHostOptions().ShutdownTimeout));
        services.AddOptions<FileDownloadOptions>().BindConfiguration(FileDownloadOptions.SectionName)
            .Validate(options => options.Timeout > TimeSpan.Zero && options.MaxRedirects is >= 0 and <= 10,
                "Mcp:FileDownloads:Timeout must be a positive duration such as 00:00:30, and Mcp:FileDownloads:MaxRedirects between 0 and 10.")
            .Validate(options => options.MaxBytes.Values.All(cap => cap > 0), "Mcp:FileDownloads:MaxBytes:<parameter> must be a positive number of bytes.")
            .Validate(options => options.AllowedNetworks.All(network => System.Net.IPNetwork.TryParse(network, out _)),
                "Mcp:FileDownloads:AllowedNetworks must list CIDR networks such as 10.20.0.0/16.")
            .ValidateOnStart();
        services.AddOptions<ModelCatalogOptions>().BindConfiguration(ModelCatalogOptions.SectionName)
            .Validate(options => options.CacheDuration > TimeSpan.Zero, "Mcp:Models:CacheDuration must be a positive duration such as 00:10:00.")
            .Validate(options => options.MaxCachedKeys > 0, "Mcp:Models:MaxCachedKeys must be a positive number of keys such as 1000.")
            .ValidateOnStart();
        services.AddOptions<PreviewOptions>().BindConfiguration(PreviewOptions.SectionName)
            .Validate(options => options.MaxSide > 0 && options.MaxBytes > 0 && options.MaxDownloadBytes > 0 && options.MaxAudioBytes > 0,
                "Mcp:Previews:MaxSide (pixels), MaxBytes, MaxDownloadBytes and MaxAudioBytes (bytes) must be positive numbers, such as 512 and 153600.")
            .Validate(options => options.DownloadTimeout > TimeSpan.Zero && options.MaxAudioSeconds >= 0,
                "Mcp:Previews:DownloadTimeout must be a positive duration such as 00:00:05, and Mcp:Previews:MaxAudioSeconds 0 or more (0: no audio content).")
            .ValidateOnStart();
        services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.SectionName)
            .Validate(options => options.Multiplier >= 1 && options.Jitter is >= 0 and < 1 && options.MaxConsecutiveErrors >= 1,
                "Polling:Multiplier must be at least 1, Polling:Jitter between 0 and 1, Polling:MaxConsecutiveErrors at least 1.")
            .Validate(options => options.WebhookFallbackDelay > TimeSpan.Zero, "Polling:WebhookFallbackDelay must be a positive duration such as 00:01:00.")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ToolCatalog>();
        services.AddSingleton<OfferedTools>();
        services.AddHostedService<CatalogWarmUp>();
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<McpEndpoint>();
        services.AddBackplane();
        services.AddSingleton<InFlightCalls>();
        services.AddSingleton<JobWaiter>();
        services.AddSingleton<StatusBudgets>();
        services.AddSingleton<RecentJobs>();
        services.AddSingleton<JobWebhooks>();
        services.AddSingleton<JobTasks>();
        services.AddSingleton<SpendingGuard>();
        services.AddSingleton<QuoteAllowances>();
        services.AddSingleton<PriceQuotes>();
        services.AddSingleton<FileDownloader>();
        services.AddSingleton<ModelCatalogCache>();
        services.AddSingleton<ModelSelector>();
        services.AddSingleton<CallerModelCatalog>();
        services.AddSingleton<ModelResources>();
        services.AddSingleton<MediaViewer>();
        services.AddSingleton<ModelCompletions>();
        services.AddSingleton<JobResultShaper>();
        services.AddSingleton<ResultTextReader>();
        services.AddSingleton<ResultPreviews>();
        services.AddSingleton<ResultDownloader>();
        services.AddHttpClient(ResultDownloader.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddScoped<CallerCredential>();
        services.AddScoped<ToolCallBody>();
        services.AddScoped<CallingClient>();
        services.AddSingleton<RequestBodyBudget>();
        services.AddMcpServer()
            .WithHttpTransport(transport =>
            {
                // Stateless: one MCP server per POST, so any replica can answer any request.
                transport.Stateless = true;
                transport.ConfigureSessionOptions = (context, options, _) =>
                {
                    options.ToolCollection = context.RequestServices.GetRequiredService<OfferedTools>().For(context.Request.Query["tools"]);
                    return Task.CompletedTask;
                };
            });
        services.AddOptions<McpServerOptions>().Configure<JobTasks>((options, tasks) => ServerDescription.Configure(options, tasks.Offered));
        services.AddDryApiHealthChecks();
        builder.AddDryApiMcpTelemetry();
        services.AddLogRedaction();
        builder.AddDryApiOAuth();
        return builder;
    }

    /// <summary>Maps the Streamable HTTP endpoint (the SDK's, behind <see cref="McpEndpoint"/>; GET and DELETE answer 405) at the configured path, the OAuth endpoints when enabled, the webhook endpoint when the public URL is https, and the health probes /healthz and /readyz.</summary>
    public static IEndpointRouteBuilder MapDryApiMcp(this IEndpointRouteBuilder endpoints)
    {
        var path = endpoints.ServiceProvider.GetRequiredService<IOptions<McpHostOptions>>().Value.Path;
        var front = endpoints.ServiceProvider.GetRequiredService<McpEndpoint>();
        endpoints.MapMcp(path).Add(endpoint =>
        {
            var sdkHandler = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context => front.HandlePostAsync(context, sdkHandler);
        });
        endpoints.MapMethods(path, [HttpMethods.Get, HttpMethods.Delete], McpEndpoint.RejectWithoutStreamsAsync);
        endpoints.MapDryApiOAuth();
        endpoints.MapJobWebhooks();
        endpoints.MapDryApiHealthChecks();
        return endpoints;
    }
}
