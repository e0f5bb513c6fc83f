using DryApi.Mcp.Hosting;
using DryApi.Mcp.Webhooks;

namespace DryApi.Mcp.Backplane;

internal static class BackplaneHostingExtensions
{
    public static IServiceCollection AddBackplane(this IServiceCollection services)
    {
        // The message never repeats the value: a configuration string can carry Redis's password.
        services.AddOptions<BackplaneOptions>().BindConfiguration(BackplaneOptions.SectionName)
            .Validate(options => string.IsNullOrWhiteSpace(options.Redis) || IsConfigurationString(options.Redis),
                "Backplane:Redis must be a StackExchange.Redis configuration string such as redis:6379 or redis:6379,password=…,ssl=true.")
            .ValidateOnStart();
        services.AddSingleton<RedisBackplane>();
        services.AddHostedService<BackplaneStart>();
        return services;
    }

    private static bool IsConfigurationString(string value)
    {
        try
        {
            return StackExchange.Redis.ConfigurationOptions.Parse(value).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Connects once the parts that listen on the backplane's channels exist (their constructors subscribe).</summary>
    private sealed class BackplaneStart(RedisBackplane backplane, InFlightCalls calls, JobWebhooks webhooks) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(calls);
            GC.KeepAlive(webhooks);
            backplane.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
