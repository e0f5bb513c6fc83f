using System.Collections;
using System.Globalization;

namespace DryApi.Mcp.Logging;

/// <summary>
/// A log entry's or scope's structured values and message with every secret masked (<see cref="SecretRedactor"/>).
/// Redacted when first read: most scopes (one per request and per upstream call) are never read at all.
/// </summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly object? state;
    private KeyValuePair<string, object?>[]? entries;
    private string? text;

    private RedactedLogState(object? state, string? message)
    {
        this.state = state;
        text = message;
    }

    public int Count => Entries.Length;

    public KeyValuePair<string, object?> this[int index] => Entries[index];

    private KeyValuePair<string, object?>[] Entries => entries ??= state is IEnumerable<KeyValuePair<string, object?>> pairs
        ? [.. pairs.Select(pair => new KeyValuePair<string, object?>(pair.Key, RedactValue(pair.Value)))]
        : [];

    /// <summary>The state's values redacted; <paramref name="message"/> is the already redacted message, or null to redact the state's own text.</summary>
    public static RedactedLogState From<TState>(TState state, string? message = null) => new(state, message);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => text ??= SecretRedactor.Redact(state?.ToString() ?? string.Empty);

    // Numbers, flags, times and ids keep their type so JSON logs keep them as values; anything else is text that may hold a secret.
    private static object? RedactValue(object? value) => value switch
    {
        null => null,
        string text => SecretRedactor.Redact(text),
        bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal
            or Enum or DateTime or DateTimeOffset or TimeSpan or Guid => value,
        _ => SecretRedactor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };
}
