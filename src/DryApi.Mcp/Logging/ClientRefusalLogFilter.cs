using System.Text.Json;
using ModelContextProtocol;

namespace DryApi.Mcp.Logging;

/// <summary>
/// Keeps the MCP SDK from logging requests the server refused to a client. The SDK logs every request a handler
/// answers with an error as a warning with the exception's stack trace (a failed resource read also as an error), and
/// a request for an unknown method as a warning, so a client, or a key dryAPI rejects, could fill the log at will.
/// A refusal meant for the client (an <see cref="McpException"/>, whose message is the JSON-RPC error it receives),
/// params the SDK cannot read (a <see cref="JsonException"/>) and an unknown method are the client's to read, not the
/// operator's; any other exception is a fault, logged with its stack.
/// </summary>
internal sealed class ClientRefusalLogFilter(ILoggerFactory inner) : ILoggerFactory
{
    private const string SdkCategoryPrefix = "ModelContextProtocol";

    /// <summary>The SDK's event for a request whose method has no handler (the client then gets -32601).</summary>
    private const string UnknownMethodEvent = "LogNoHandlerFoundForRequest";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith(SdkCategoryPrefix, StringComparison.Ordinal) ? new SdkLogger(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class SdkLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is McpException or JsonException || eventId.Name == UnknownMethodEvent)
            {
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
