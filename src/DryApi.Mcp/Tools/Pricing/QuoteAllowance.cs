using System.Globalization;
using DryApi.Client.Responses;

namespace DryApi.Mcp.Tools.Pricing;

/// <summary>
/// One key's price calculations in this replica, as dryAPI's rate-limit headers last counted them (Basic keys: 50 a
/// minute and 200 a day, shared by every price calculation). Receipts may take only the upper half of what is left in
/// each window, so that the lower half stays for the quotes the user asks for: the <c>*_price</c> tools and
/// <c>max_cost_usd</c>. Until dryAPI has sent a count, a receipt may go (its answer brings the first count).
/// </summary>
internal sealed class QuoteAllowance(TimeProvider time)
{
    /// <summary>A minute, and a second for a request sent just before a window opens but counted inside it.</summary>
    private static readonly TimeSpan MinuteWindow = TimeSpan.FromSeconds(61);

    private readonly Lock gate = new();
    private Count? minute;
    private Count? day;
    private DateTimeOffset pausedUntil;

    /// <summary>Learns from the rate-limit headers of a price calculation's answer (null: it had none, or none came).</summary>
    public void Observe(RateLimitReading? reading)
    {
        if (reading is null)
        {
            return;
        }

        lock (gate)
        {
            var now = time.GetUtcNow();
            if (reading is { MinuteLimit: { } perMinute, MinuteRemaining: { } leftThisMinute })
            {
                minute = new Count(perMinute, leftThisMinute, now + MinuteWindow);
            }

            if (reading is { DailyLimit: { } perDay, DailyRemaining: { } leftToday })
            {
                day = new Count(perDay, reading.DailyExceeded ? 0 : leftToday, EndOfDay(now));
            }

            if (reading.RetryAfter is { } retryAfter)
            {
                pausedUntil = now + retryAfter;
            }
        }
    }

    /// <summary>Takes one price calculation for a receipt: null when it may go, else why the cost will not be asked for.</summary>
    public string? TakeForReceipt()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (pausedUntil > now)
            {
                return "dryAPI refused this API key's last price calculation (rate limit), so no quote was asked for this receipt.";
            }

            var minuteLeft = minute is { } m && m.Until > now ? m : null;
            var dayLeft = day is { } d && d.Until > now ? d : null;
            if ((Refusal(minuteLeft, "this minute") ?? Refusal(dayLeft, "today (until midnight UTC)")) is { } refusal)
            {
                return refusal;
            }

            minute = minuteLeft?.Spend();
            day = dayLeft?.Spend();
            return null;
        }
    }

    private static string? Refusal(Count? count, string window) =>
        count is { } known && known.Remaining <= known.Limit / 2
            ? $"this API key has {Whole(known.Remaining)} of its {Whole(known.Limit)} price calculations left {window}, and receipts leave " +
              "the last half of them to the quotes you ask for (the *_price tools, max_cost_usd), so none was spent on this one."
            : null;

    private static DateTimeOffset EndOfDay(DateTimeOffset now) => new(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>What dryAPI said is left of a window's limit, until the window ends.</summary>
    private sealed record Count(int Limit, int Remaining, DateTimeOffset Until)
    {
        public Count Spend() => this with { Remaining = Remaining - 1 };
    }
}
