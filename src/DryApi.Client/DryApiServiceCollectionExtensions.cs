using System.Net;
using DryApi.Client.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DryApi.Client;

public static class DryApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DryApiClientFactory"/>. Configure <see cref="DryApiClientOptions"/> with the usual options
    /// APIs (for example <c>BindConfiguration(DryApiClientOptions.SectionName)</c> on the returned builder).
    /// </summary>
    public static OptionsBuilder<DryApiClientOptions> AddDryApiClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DryApiResiliencePipelines>();
        services.TryAddSingleton(provider => new DryApiClientFactory(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<DryApiResiliencePipelines>(),
            provider.GetRequiredService<IOptions<DryApiClientOptions>>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DryApiClient>>()));

        services.AddHttpClient(DryApiClientFactory.HttpClientName, (provider, client) =>
            {
                client.BaseAddress = provider.GetRequiredService<IOptions<DryApiClientOptions>>().Value.BaseUrl;
                // Each attempt has its own timeout in the resilience pipeline.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect would turn a POST into a GET and hide dryAPI's answer; report it instead.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RedactLoggedHeaders(_ => true);

        return services.AddOptions<DryApiClientOptions>()
            .Validate(options => options.BaseUrl.IsAbsoluteUri, "DryApi:BaseUrl must be an absolute URL such as https://api.dryapi.dev/.")
            .Validate(options => options.RequestTimeout > TimeSpan.Zero && options.UploadTimeout > TimeSpan.Zero,
                "DryApi:RequestTimeout and DryApi:UploadTimeout must be positive durations such as 00:00:30.")
            .Validate(options => options.MaxRetries is >= 0 and <= 10, "DryApi:MaxRetries must be between 0 and 10.")
            .Validate(options => options.CircuitBreakerFailures >= 2, "DryApi:CircuitBreakerFailures must be 2 or more.")
            .Validate(options => options.CircuitBreakDuration > TimeSpan.Zero, "DryApi:CircuitBreakDuration must be a positive duration such as 00:00:15.")
            .ValidateOnStart();
    }
}
