namespace DryApi.Mcp.Logging;

/// <summary>The host's logger factory, whose every logger masks secrets before any provider (console, JSON, OTLP, test capture) sees an entry.</summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
