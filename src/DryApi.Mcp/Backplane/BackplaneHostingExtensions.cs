using DryApi.Mcp.Hosting;
using DryApi.Mcp.Webhooks;

namespace DryApi.Mcp.Backplane;

internal static class BackplaneHostingExtensions
{
    public static IServiceCollection AddBackplane(this IServiceCollection services)
    {
        services.AddOptions<BackplaneOptions>().BindConfiguration(BackplaneOptions.SectionName);
        services.AddSingleton<RedisBackplane>();
        services.AddHostedService<BackplaneStart>();
        return services;
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
