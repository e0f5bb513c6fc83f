namespace DryApi.Simulator;

/// <summary>Every request the simulator received under <c>/api/</c>, accepted or rejected, in arrival order.</summary>
public sealed class RequestJournal
{
    private readonly Lock _gate = new();
    private readonly List<Slot> _entries = [];

    /// <summary>A snapshot of the requests recorded so far.</summary>
    public IReadOnlyList<RecordedRequest> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Select(slot => slot.Entry)];
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Records a request as it arrives, so it is in the journal even while it is being handled.</summary>
    internal Slot Begin(RecordedRequest entry)
    {
        var slot = new Slot(entry);
        lock (_gate)
        {
            _entries.Add(slot);
        }

        return slot;
    }

    /// <summary>
    /// Sets the status a request was answered with, and the job it created if any (nothing happens if the journal
    /// was cleared meanwhile).
    /// </summary>
    internal void Complete(Slot slot, int statusCode, string? createdRequestId = null)
    {
        lock (_gate)
        {
            slot.Entry = slot.Entry with { StatusCode = statusCode, CreatedRequestId = createdRequestId };
        }
    }

    internal sealed class Slot(RecordedRequest entry)
    {
        public RecordedRequest Entry { get; set; } = entry;
    }
}

/// <summary>
/// One request as it arrived. <see cref="Fields"/> holds every non-file field exactly as sent: multipart text
/// parts verbatim, each top-level JSON property as its raw JSON text, or the query parameters.
/// <see cref="StatusCode"/> is the status the simulator answered; it is 0 while the request is still being handled
/// and when a fault dropped the connection before handling it (after handling, it is the status that was not sent).
/// <see cref="CreatedRequestId"/> is the <c>request_id</c> of the job the request queued, whether or not its answer
/// reached the client.
/// </summary>
public sealed record RecordedRequest(
    DateTimeOffset At,
    string Method,
    string Path,
    string? OperationId,
    string QueryString,
    string? ApiKey,
    string? ContentType,
    string? Accept,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Fields,
    IReadOnlyList<RecordedFile> Files,
    int StatusCode)
{
    public string? CreatedRequestId { get; init; }
}

/// <summary>A file part of a multipart request.</summary>
public sealed record RecordedFile(string FieldName, string FileName, string ContentType, long Length, string Sha256);
