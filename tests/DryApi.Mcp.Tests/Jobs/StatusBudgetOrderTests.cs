using DryApi.Client.Responses;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Jobs;

/// <summary>A key's status budget on virtual time: when turns are scarce, the job closest to completion goes first.</summary>
public sealed class StatusBudgetOrderTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private readonly ManualTimeProvider clock = new();

    [Fact]
    public async Task When_turns_are_scarce_the_wait_closest_to_completion_goes_first()
    {
        var budget = new StatusBudget(clock, dailyReserve: 5);
        budget.Observe(new RateLimitReading(MinuteLimit: 2, MinuteRemaining: 2, null, null, null, null));
        Assert.True((await budget.TakeTurnAsync(0, Long, mayUseReserve: false, TestContext.Current.CancellationToken)).Granted);

        var farFromDone = budget.TakeTurnAsync(StatusBudget.Urgency(TimeSpan.FromSeconds(50), 40), Long, false, TestContext.Current.CancellationToken);
        var nearlyDone = budget.TakeTurnAsync(StatusBudget.Urgency(TimeSpan.FromSeconds(2), 95), Long, false, TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(nearlyDone.IsCompleted, "The second request of a two-a-minute key went at once instead of being spread.");

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await nearlyDone.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).Granted);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(farFromDone.IsCompleted, "A third request went within the minute of a two-a-minute key.");

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await farFromDone.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).Granted);
    }

    [Fact]
    public async Task A_429_without_a_minute_limit_pauses_the_keys_waits_until_its_retry_after()
    {
        var budget = new StatusBudget(clock, dailyReserve: 5);
        budget.Observe(new RateLimitReading(MinuteLimit: null, MinuteRemaining: null, null, null, ExceededWindow: "minute", RetryAfter: TimeSpan.FromSeconds(10)));

        var turn = budget.TakeTurnAsync(0, Long, mayUseReserve: false, TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(turn.IsCompleted, "A wait went during a 429's pause.");

        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True((await turn.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).Granted);
    }
}
