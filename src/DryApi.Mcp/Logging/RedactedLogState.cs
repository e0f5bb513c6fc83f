using System.Collections;
using System.Globalization;

namespace DryApi.Mcp.Logging;

/// <summary>A log entry's or scope's structured values and message with every secret masked (<see cref="SecretRedactor"/>).</summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] entries;
    private readonly string text;

    private RedactedLogState(KeyValuePair<string, object?>[] entries, string text)
    {
        this.entries = entries;
        this.text = text;
    }

    public int Count => entries.Length;

    public KeyValuePair<string, object?> this[int index] => entries[index];

    /// <summary>The state's values redacted; <paramref name="message"/> is the already formatted message, or null to redact the state's own text.</summary>
    public static RedactedLogState From<TState>(TState state, string? message = null)
    {
        var entries = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? [.. pairs.Select(pair => new KeyValuePair<string, object?>(pair.Key, RedactValue(pair.Value)))]
            : Array.Empty<KeyValuePair<string, object?>>();
        return new RedactedLogState(entries, message ?? SecretRedactor.Redact(state?.ToString() ?? string.Empty));
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => text;

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
