using System.Collections.Concurrent;

namespace DryApi.Simulator;

/// <summary>
/// Checks every request under <c>/api/</c> against the client that caused it. A test registers, per client, a marker
/// that client puts in its requests (e.g. in a prompt) and the client's key; a request bearing a marker under any other
/// key, or asking for the status of a job another key created, is a violation. Unlike the journal, it keeps only
/// counts and the first violations, so it can watch a long run.
/// </summary>
public sealed class CrossKeyAudit
{
    private const int KeptViolations = 100;

    private readonly ConcurrentDictionary<string, string> _keysByMarker = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _markersByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CrossKeyViolation> _violations = new();
    private long _requestsChecked;
    private long _markedRequests;
    private long _violationCount;

    /// <summary>Requests checked since the simulator started.</summary>
    public long RequestsChecked => Interlocked.Read(ref _requestsChecked);

    /// <summary>Requests that bore a registered marker.</summary>
    public long MarkedRequests => Interlocked.Read(ref _markedRequests);

    public long ViolationCount => Interlocked.Read(ref _violationCount);

    /// <summary>The first violations (at most 100), in the order they were found.</summary>
    public IReadOnlyList<CrossKeyViolation> Violations => [.. _violations];

    /// <summary>From now on, any request whose fields contain <paramref name="marker"/> must carry <paramref name="apiKey"/>.</summary>
    public void Expect(string marker, string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        _keysByMarker[marker] = apiKey;
        _markersByKey[apiKey] = marker;
    }

    internal void Check(string path, string? apiKey, IReadOnlyDictionary<string, IReadOnlyList<string>> fields)
    {
        Interlocked.Increment(ref _requestsChecked);
        if (_keysByMarker.IsEmpty)
        {
            return;
        }

        var marked = false;
        foreach (var (marker, owner) in _keysByMarker)
        {
            if (!fields.Values.Any(values => values.Any(value => value.Contains(marker, StringComparison.Ordinal))))
            {
                continue;
            }

            marked = true;
            if (!string.Equals(owner, apiKey, StringComparison.Ordinal))
            {
                Record(path, $"a request bearing {marker} came with {Describe(apiKey)}");
            }
        }

        if (marked)
        {
            Interlocked.Increment(ref _markedRequests);
        }
    }

    /// <summary>A caller asked for a job that exists but another key created.</summary>
    internal void ForeignJob(string path, string? apiKey, string ownerKey) =>
        Record(path, $"{Describe(apiKey)} asked for a job created with {Describe(ownerKey)}");

    // Names a key by the marker registered with it, so a violation never shows a key itself.
    private string Describe(string? apiKey) =>
        apiKey is not null && _markersByKey.TryGetValue(apiKey, out var marker) ? $"the key registered for {marker}"
        : apiKey is null ? "no key"
        : "a key no marker was registered for";

    private void Record(string path, string reason)
    {
        if (Interlocked.Increment(ref _violationCount) <= KeptViolations)
        {
            _violations.Enqueue(new CrossKeyViolation(path, reason));
        }
    }
}

/// <summary>A request that reached the simulator under a key other than the one of the client that caused it.</summary>
public sealed record CrossKeyViolation(string Path, string Reason);
