namespace DryApi.Mcp.Auth;

/// <summary>
/// The ids of artefacts already used on this replica (redeemed codes, rotated refresh tokens), each kept in memory
/// until the artefact would have expired anyway, so a second use is refused. It holds at most its capacity: when full,
/// the entry that expires soonest — the one with the shortest replay window left — is forgotten to make room, so a
/// flood of new artefacts never blocks a genuine redemption.
/// </summary>
internal sealed class SingleUseRecord(int capacity, TimeProvider timeProvider)
{
    private readonly Lock gate = new();
    private readonly HashSet<string> used = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> byExpiry = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return used.Count;
            }
        }
    }

    /// <summary>True the first time <paramref name="id"/> is used; false when it was used before.</summary>
    public bool TryUse(string id, DateTimeOffset expires)
    {
        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            while (byExpiry.TryPeek(out var expired, out var expiry) && expiry <= now)
            {
                used.Remove(expired);
                byExpiry.Dequeue();
            }

            if (!used.Add(id))
            {
                return false;
            }

            byExpiry.Enqueue(id, expires);
            if (used.Count > capacity)
            {
                used.Remove(byExpiry.Dequeue());
            }

            return true;
        }
    }
}
