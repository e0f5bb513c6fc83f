using DryApi.Client.Responses;
using DryApi.Mcp.Tests.Support;
using DryApi.Mcp.Tools.Pricing;

namespace DryApi.Mcp.Tests.Pricing;

/// <summary>Receipts take only the upper half of a key's price calculations, by minute and by day, and none after a 429.</summary>
public sealed class QuoteAllowanceTests
{
    [Fact]
    public void Before_dryAPI_has_counted_anything_a_receipt_may_go()
    {
        var allowance = new QuoteAllowance(new ManualTimeProvider());

        Assert.Null(allowance.TakeForReceipt());
    }

    [Fact]
    public void Receipts_stop_at_half_the_minute_and_start_again_when_the_count_is_a_minute_old()
    {
        var clock = new ManualTimeProvider();
        var allowance = new QuoteAllowance(clock);
        allowance.Observe(new RateLimitReading(50, 27, null, null, null, null));

        Assert.Null(allowance.TakeForReceipt());
        Assert.Null(allowance.TakeForReceipt());
        Assert.Contains("25 of its 50 price calculations left this minute", allowance.TakeForReceipt(), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(allowance.TakeForReceipt());
    }

    [Fact]
    public void Receipts_stop_at_half_the_day_until_midnight_utc()
    {
        var clock = new ManualTimeProvider();
        var allowance = new QuoteAllowance(clock);
        allowance.Observe(new RateLimitReading(50, 49, 200, 100, null, null));

        Assert.Contains("100 of its 200 price calculations left today (until midnight UTC)", allowance.TakeForReceipt(), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Null(allowance.TakeForReceipt());
    }

    [Fact]
    public void After_a_429_no_receipt_is_asked_until_its_retry_after()
    {
        var clock = new ManualTimeProvider();
        var allowance = new QuoteAllowance(clock);
        allowance.Observe(new RateLimitReading(null, null, null, null, "minute", TimeSpan.FromSeconds(30)));

        Assert.Contains("rate limit", allowance.TakeForReceipt(), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(allowance.TakeForReceipt());
    }
}
