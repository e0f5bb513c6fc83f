using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Logging;

internal static class LoggingHostingExtensions
{
    /// <summary>
    /// Replaces the host's <see cref="ILoggerFactory"/> with one that masks keys, tokens and Authorization values,
    /// whatever providers are registered, and leaves out the MCP SDK's logs of requests refused to a client.
    /// </summary>
    public static IServiceCollection AddLogRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(new ClientRefusalLogFilter(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>())))));
        return services;
    }
}
