using System.Collections.Concurrent;

namespace DryApi.Simulator.RateLimits;

/// <summary>What a request's hit on its rate limit decided, with the numbers for the response headers.</summary>
internal sealed record RateDecision(RateLimit Limit, int MinuteRemaining, int? DayRemaining, string? ExceededType, int RetryAfterSeconds)
{
    public bool Allowed => ExceededType is null;
}

/// <summary>
/// Counts requests per key and limit group on the simulator's clock, as Laravel's throttle does: a minute window
/// opens at the first request and lasts 60 s; the daily window is the UTC day. A refused request is not counted.
/// </summary>
internal sealed class RateLimiter(TimeProvider clock)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Key, string Group), Counter> _counters = new();

    public RateDecision Hit(string apiKey, RateLimit limit)
    {
        var counter = _counters.GetOrAdd((apiKey, limit.Group), _ => new Counter());
        var now = clock.GetUtcNow();
        lock (counter)
        {
            if (now >= counter.MinuteStart + Minute)
            {
                counter.MinuteStart = now;
                counter.MinuteCount = 0;
            }

            var today = DateOnly.FromDateTime(now.UtcDateTime);
            if (counter.Day != today)
            {
                counter.Day = today;
                counter.DayCount = 0;
            }

            if (limit.PerDay is { } perDay && counter.DayCount >= perDay)
            {
                var midnight = new DateTimeOffset(today.AddDays(1), TimeOnly.MinValue, TimeSpan.Zero);
                return Refused(limit, counter, "daily", midnight - now);
            }

            if (counter.MinuteCount >= limit.PerMinute)
            {
                return Refused(limit, counter, "minute", counter.MinuteStart + Minute - now);
            }

            counter.MinuteCount++;
            counter.DayCount++;
            return new RateDecision(limit, limit.PerMinute - counter.MinuteCount, limit.PerDay - counter.DayCount, null, 0);
        }
    }

    /// <summary>Counts <paramref name="requests"/> of today's requests of <paramref name="group"/> as spent, outside any minute window.</summary>
    public void SpendToday(string apiKey, string group, int requests)
    {
        var counter = _counters.GetOrAdd((apiKey, group), _ => new Counter());
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        lock (counter)
        {
            if (counter.Day != today)
            {
                counter.Day = today;
                counter.DayCount = 0;
            }

            counter.DayCount += requests;
        }
    }

    private static RateDecision Refused(RateLimit limit, Counter counter, string type, TimeSpan wait) =>
        new(limit, Math.Max(0, limit.PerMinute - counter.MinuteCount), limit.PerDay - counter.DayCount, type, (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds)));

    private sealed class Counter
    {
        public DateTimeOffset MinuteStart { get; set; } = DateTimeOffset.MinValue;

        public int MinuteCount { get; set; }

        public DateOnly Day { get; set; }

        public int DayCount { get; set; }
    }
}
