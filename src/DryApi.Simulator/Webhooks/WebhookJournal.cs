namespace DryApi.Simulator;

/// <summary>Every webhook delivery attempt the simulator made, in the order they were sent.</summary>
public sealed class WebhookJournal
{
    private readonly Lock _gate = new();
    private readonly List<WebhookDelivery> _entries = [];

    /// <summary>A snapshot of the attempts recorded so far.</summary>
    public IReadOnlyList<WebhookDelivery> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    internal void Add(WebhookDelivery delivery)
    {
        lock (_gate)
        {
            _entries.Add(delivery);
        }
    }
}

/// <summary>
/// One attempt to deliver a webhook: when, where, which event of which job, the attempt's number (1 is the first)
/// and the status the receiver answered (0 when there was no answer: refused, timed out, TLS failure).
/// </summary>
public sealed record WebhookDelivery(
    DateTimeOffset At,
    string Url,
    string Event,
    string DeliveryId,
    string RequestId,
    string ApiKey,
    int Attempt,
    int StatusCode)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}
