namespace DryApi.Mcp.Logging;

/// <summary>Passes every entry and scope to the real logger with secrets masked in the message, the structured state and the exception.</summary>
internal sealed class RedactingLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(RedactedLogState.From(state));

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var redacted = RedactedLogState.From(state, SecretRedactor.Redact(formatter(state, exception)));
        inner.Log(logLevel, eventId, redacted, Redacted(exception), static (entry, _) => entry.ToString());
    }

    private static Exception? Redacted(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        var text = exception.ToString();
        var redacted = SecretRedactor.Redact(text);
        return redacted == text ? exception : new RedactedException(redacted);
    }

    /// <summary>Stands in for an exception whose message or stack text held a secret; prints as the original did, masked.</summary>
    private sealed class RedactedException(string text) : Exception(text)
    {
        public override string ToString() => Message;
    }
}
