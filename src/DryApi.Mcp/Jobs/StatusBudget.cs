using System.Globalization;
using DryApi.Client;
using DryApi.Client.Responses;
using DryApi.Mcp.Backplane;
using DryApi.Mcp.Telemetry;

namespace DryApi.Mcp.Jobs;

/// <summary>Whether a wait may send its next status request now.</summary>
public sealed record StatusTurn(bool Granted, string? Refusal)
{
    public static StatusTurn Go { get; } = new(true, null);

    /// <summary>No turn came before the wait's own budget ran out.</summary>
    public static StatusTurn OutOfTime { get; } = new(false, null);
}

/// <summary>
/// One key's status requests in this replica, shared by all its waits and spent like money. It learns the key's limits
/// from dryAPI's rate-limit headers, and until it has seen any it grants every request at once (an unconstrained key
/// waits exactly as before). Once the limit per minute is known, no 61 s span (a minute plus the time a request takes to
/// arrive) holds more requests than the limit less those others were seen to use: the first half of it goes at once,
/// the rest is spread evenly over the minute, and when more waits want a turn than may go, the one whose job is closest
/// to completion goes first. A 429 pauses every wait of the key until its <c>Retry-After</c>. When the day's remaining
/// requests fall to the reserve, waits are refused a turn (and hand back their request_id), so the last few stay for
/// check_job_status. With a backplane, <see cref="SharedStatusWindow"/> applies the same minute rules to the requests
/// of every replica, so replicas together stay within the key's limit.
/// </summary>
public sealed class StatusBudget(TimeProvider time, int dailyReserve, SharedStatusWindow? shared = null)
{
    /// <summary>A minute, and a second for requests granted just before a window opens but arriving inside it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(61);

    private readonly Lock gate = new();
    private readonly Queue<DateTimeOffset> granted = new();
    private readonly SortedSet<(double Urgency, long Order)> waiting = [];
    private TaskCompletionSource changed = NewSignal();
    private long order;
    private int? minuteLimit;
    private (int Count, DateTimeOffset Until) usedByOthers;
    private int? dailyLimit;
    private int? dailyRemaining;
    private DateOnly day;
    private DateTimeOffset pausedUntil;
    private DateTimeOffset lastGrant;

    /// <summary>
    /// Waits for this wait's turn to send a status request. <paramref name="urgency"/> orders waits (smaller goes first):
    /// see <see cref="Urgency"/>. A wait with a reserve right (check_job_status's own first look) is not refused by the
    /// daily reserve.
    /// </summary>
    public async Task<StatusTurn> TakeTurnAsync(double urgency, TimeSpan maxWait, bool mayUseReserve, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + maxWait;
        (double, long) place;
        lock (gate)
        {
            place = (urgency, order++);
            waiting.Add(place);
        }

        try
        {
            while (true)
            {
                Task? signal = null;
                TimeSpan pause = default;
                var limit = 0;
                lock (gate)
                {
                    var now = time.GetUtcNow();
                    if (!mayUseReserve && DailyRefusal() is { } refusal)
                    {
                        return new StatusTurn(false, refusal);
                    }

                    var freeAt = FreeAt(now);
                    var turn = freeAt <= now && waiting.Min == place;

                    // A key whose answers carry no limit is not held back anywhere, so the replicas need not count it.
                    if (turn && (shared is null || minuteLimit is null))
                    {
                        Grant(now);
                        return StatusTurn.Go;
                    }

                    if (!turn)
                    {
                        if (now >= deadline)
                        {
                            return StatusTurn.OutOfTime;
                        }

                        signal = changed.Task;
                        pause = (freeAt > now ? freeAt : deadline) - now;
                        pause = pause < deadline - now ? pause : deadline - now;
                    }
                    else
                    {
                        // This wait's turn, with a backplane and a known limit (else it was granted above).
                        limit = minuteLimit!.Value;
                    }
                }

                if (signal is null)
                {
                    // This replica would go: the other replicas' requests of the key have their say too.
                    var sharedWait = await shared!.TryTakeAsync(limit);
                    var now = time.GetUtcNow();
                    if (sharedWait is not { } wait || wait <= TimeSpan.Zero)
                    {
                        lock (gate)
                        {
                            Grant(now);
                        }

                        return StatusTurn.Go;
                    }

                    if (now >= deadline)
                    {
                        return StatusTurn.OutOfTime;
                    }

                    lock (gate)
                    {
                        signal = changed.Task;
                    }

                    pause = wait < deadline - now ? wait : deadline - now;
                }

                using (var sleeping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    await Task.WhenAny(signal, Task.Delay(pause, time, sleeping.Token));
                    await sleeping.CancelAsync();
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            lock (gate)
            {
                waiting.Remove(place);
                Signal();
            }
        }
    }

    /// <summary>Learns from the rate-limit headers of a status request's answer (null: it had none, or none came).</summary>
    public void Observe(RateLimitReading? reading)
    {
        if (reading is null)
        {
            return;
        }

        lock (gate)
        {
            var now = time.GetUtcNow();
            Prune(now);
            if (reading.MinuteLimit is { } limit)
            {
                minuteLimit = limit;
                if (reading.MinuteRemaining is { } remaining && limit - remaining > granted.Count)
                {
                    usedByOthers = (limit - remaining - granted.Count, now + Window);
                }
            }

            var today = DateOnly.FromDateTime(now.UtcDateTime);
            dailyLimit = reading.DailyLimit ?? dailyLimit;
            if (reading.DailyExceeded)
            {
                dailyRemaining = 0;
            }
            else if (reading.DailyRemaining is { } daily)
            {
                dailyRemaining = day == today && dailyRemaining is { } known ? Math.Min(known, daily) : daily;
            }

            day = today;
            if (reading.RetryAfter is { } retryAfter && !reading.DailyExceeded && now + retryAfter > pausedUntil)
            {
                pausedUntil = now + retryAfter;
            }

            Signal();
        }

        ShareWithReplicas(reading);
    }

    /// <summary>Never fails (the backplane swallows its errors), so it is not awaited: the answer is already here.</summary>
    private void ShareWithReplicas(RateLimitReading reading)
    {
        if (shared is null)
        {
            return;
        }

        if (reading is { MinuteLimit: { } limit, MinuteRemaining: { } remaining })
        {
            _ = shared.ObserveAsync(limit, remaining);
        }

        if (reading is { RetryAfter: { } retryAfter, DailyExceeded: false })
        {
            _ = shared.PauseAsync(retryAfter);
        }
    }

    /// <summary>
    /// A poll that sends <paramref name="requestId"/>'s status request through <paramref name="client"/> and learns from
    /// the headers of its answer.
    /// </summary>
    public Func<CancellationToken, Task<JobStatus>> Polls(DryApiClient client, string requestId) => async token =>
    {
        using var span = McpTracing.StartPoll(requestId);
        try
        {
            var status = await client.GetJobStatusAsync(requestId, token);
            McpTracing.PollAnswered(span, status);
            return status;
        }
        catch (Exception exception)
        {
            McpTracing.Failed(span, exception);
            throw;
        }
        finally
        {
            Observe(client.LastRateLimit);
        }
    };

    /// <summary>
    /// The order of a wait: by the predicted time until its job is done when there is one, else after all predicted
    /// ones, by the progress still to go.
    /// </summary>
    public static double Urgency(TimeSpan? untilDone, double progress) =>
        untilDone is { } predicted ? predicted.TotalSeconds : 1_000_000 + (100 - progress);

    private string? DailyRefusal()
    {
        if (dailyRemaining is not { } remaining || remaining > dailyReserve)
        {
            return null;
        }

        if (day != DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
        {
            // A new UTC day: dryAPI's daily window has reset; the next answer tells the new figure.
            dailyRemaining = null;
            return null;
        }

        var of = dailyLimit is { } limit ? $" of its {limit.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        return $"dryAPI allows this API key a limited number of status checks a day and only {remaining.ToString(CultureInfo.InvariantCulture)}{of} " +
               $"remain until midnight UTC. This server stops waiting when {dailyReserve.ToString(CultureInfo.InvariantCulture)} remain, " +
               "so that they stay for check_job_status instead of being spent on polling.";
    }

    /// <summary>When the next request may go, by the minute limit, the pacing and any 429's pause.</summary>
    private DateTimeOffset FreeAt(DateTimeOffset now)
    {
        Prune(now);
        if (pausedUntil > now)
        {
            return pausedUntil;
        }

        if (minuteLimit is not { } limit)
        {
            return now;
        }

        var capacity = limit - (usedByOthers.Until > now ? usedByOthers.Count : 0);
        if (granted.Count >= capacity)
        {
            return granted.Count == 0 ? now + Window : granted.Peek() + Window;
        }

        if (granted.Count >= capacity / 2)
        {
            var spaced = lastGrant + (Window / limit);
            return spaced > now ? spaced : now;
        }

        return now;
    }

    private void Grant(DateTimeOffset now)
    {
        granted.Enqueue(now);
        lastGrant = now;
        if (dailyRemaining is { } remaining)
        {
            dailyRemaining = remaining - 1;
        }

        Signal();
    }

    private void Prune(DateTimeOffset now)
    {
        while (granted.Count > 0 && granted.Peek() + Window <= now)
        {
            granted.Dequeue();
        }
    }

    private void Signal()
    {
        changed.TrySetResult();
        changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
