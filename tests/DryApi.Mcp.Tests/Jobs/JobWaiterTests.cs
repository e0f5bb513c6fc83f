using System.Net;
using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Responses;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tests.Support;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tests.Jobs;

/// <summary><see cref="JobWaiter"/> in virtual time: when it polls, when it stops, and what it returns.</summary>
public sealed class JobWaiterTests
{
    private static readonly TimeSpan LongBudget = TimeSpan.FromHours(1);

    private readonly ManualTimeProvider clock = new();
    private readonly List<TimeSpan> polls = [];
    private readonly List<JobStatus> reported = [];
    private readonly DateTimeOffset start;

    public JobWaiterTests() => start = clock.GetUtcNow();

    [Fact]
    public async Task Delay_starts_at_the_initial_delay_and_grows_by_the_multiplier_up_to_the_cap()
    {
        var wait = await RunAsync(Waiter(), index => index < 8 ? Running(0) : Done());

        Assert.Equal(JobWaitEnd.Finished, wait.End);
        Assert.Equal([1, 1.5, 2.25, 3.375, 4, 4, 4, 4, 4], Gaps());
        Assert.Equal(9, wait.Polls);
        Assert.Equal(9, reported.Count);
        Assert.True(wait.Status!.IsDone);
    }

    [Fact]
    public async Task Job_reporting_linear_progress_is_polled_close_to_its_completion()
    {
        var completion = TimeSpan.FromSeconds(10);

        var wait = await RunAsync(Waiter(), _ => Linear(completion));

        Assert.Equal(JobWaitEnd.Finished, wait.End);
        Assert.InRange(polls[^1], completion, completion + TimeSpan.FromMilliseconds(300));
        Assert.Equal(polls.Count, wait.Polls);
    }

    [Fact]
    public async Task Without_progress_timing_the_same_job_is_seen_late()
    {
        var completion = TimeSpan.FromSeconds(10);

        var wait = await RunAsync(Waiter(ignoreProgress: true), _ => Linear(completion));

        Assert.Equal(JobWaitEnd.Finished, wait.End);
        Assert.Equal(TimeSpan.FromSeconds(12.125), polls[^1]);
    }

    [Fact]
    public async Task Hosted_policy_keeps_its_fixed_schedule_whatever_the_jitter()
    {
        var wait = await RunAsync(Waiter(ignoreProgress: true, jitter: 0.5), index => index < 5 ? Running(index * 10) : Done());

        Assert.Equal(JobWaitEnd.Finished, wait.End);
        Assert.Equal([1, 1.5, 2.25, 3.375, 4, 4], Gaps());
    }

    [Fact]
    public async Task Long_job_with_steady_progress_is_polled_far_fewer_times_than_the_cap_allows_and_seen_just_after_it_ends()
    {
        var completion = TimeSpan.FromSeconds(60);

        var wait = await RunAsync(Waiter(), _ => Linear(completion));

        // Polling at the 4 s cap, as the fixed schedule does once it reaches it, takes 17 polls to see it (at 60.125 s).
        Assert.Equal(JobWaitEnd.Finished, wait.End);
        Assert.InRange(polls[^1], completion, completion + TimeSpan.FromSeconds(0.25));
        Assert.InRange(wait.Polls, 1, 8);
    }

    [Fact]
    public async Task Progress_that_speeds_up_is_forecast_along_its_curve_and_seen_soon_after_it_ends()
    {
        var completion = TimeSpan.FromSeconds(60);

        var wait = await RunAsync(Waiter(maxDelay: TimeSpan.FromSeconds(30)), _ => Curved(completion, exponent: 2));

        // Along the line through its last two readings, the forecast is late: polling at it sees the job a second late.
        Assert.Equal(JobWaitEnd.Finished, wait.End);
        Assert.InRange(polls[^1], completion, completion + TimeSpan.FromSeconds(0.5));
        Assert.InRange(wait.Polls, 1, 7);
    }

    [Fact]
    public async Task Progress_that_slows_down_is_forecast_along_its_curve_and_seen_soon_after_it_ends()
    {
        var completion = TimeSpan.FromMinutes(5);

        var wait = await RunAsync(Waiter(maxDelay: TimeSpan.FromSeconds(30)), _ => Curved(completion, exponent: 0.6));

        // Polling at the 30 s cap sees it on the 12th poll.
        Assert.Equal(JobWaitEnd.Finished, wait.End);
        Assert.InRange(polls[^1], completion, completion + TimeSpan.FromSeconds(0.25));
        Assert.InRange(wait.Polls, 1, 9);
    }

    [Fact]
    public async Task Very_long_job_reporting_progress_is_polled_less_often_than_the_cap_yet_at_least_every_three_caps()
    {
        var completion = TimeSpan.FromMinutes(10);

        var wait = await RunAsync(Waiter(), _ => Linear(completion));

        Assert.Equal(JobWaitEnd.Finished, wait.End);
        Assert.InRange(polls[^1], completion, completion + TimeSpan.FromSeconds(0.25));
        Assert.All(Gaps(), gap => Assert.InRange(gap, 0.25, 12));
        Assert.Contains(Gaps(), gap => gap > 4);
    }

    [Fact]
    public async Task Consecutive_transient_errors_end_the_wait_with_the_last_status_and_error()
    {
        var lastStatus = Running(40);

        var wait = await RunAsync(Waiter(maxConsecutiveErrors: 3), index => index == 0 ? lastStatus : throw Unavailable(index));

        Assert.Equal(JobWaitEnd.PollingFailed, wait.End);
        Assert.Equal(4, wait.Polls);
        Assert.Same(lastStatus, wait.Status);
        Assert.Equal("poll 3 failed (503)", wait.LastError?.Message);
    }

    [Fact]
    public async Task Errors_separated_by_successes_do_not_end_the_wait()
    {
        // Two failures, one success, repeated: never three failures in a row.
        var wait = await RunAsync(Waiter(maxConsecutiveErrors: 3), index => (index % 3, index) switch
        {
            (_, 9) => Done(),
            (2, _) => Running(index * 10),
            _ => throw Unavailable(index),
        });

        Assert.Equal(JobWaitEnd.Finished, wait.End);
        Assert.Equal(10, wait.Polls);
        Assert.Null(wait.LastError);
    }

    [Fact]
    public async Task Error_that_is_not_transient_is_not_retried()
    {
        var waiting = Waiter().WaitAsync(Poll(_ => throw new DryApiNotFoundException("no such job")), JobKind.Image, LongBudget, Report, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<DryApiNotFoundException>(() => clock.RunAsync(waiting));
        Assert.Single(polls);
    }

    [Fact]
    public async Task Spent_budget_returns_the_last_status_without_polling_past_it()
    {
        var lastStatus = Running(40);

        var wait = await RunAsync(Waiter(), _ => lastStatus, budget: TimeSpan.FromSeconds(5));

        Assert.Equal(JobWaitEnd.BudgetSpent, wait.End);
        Assert.Same(lastStatus, wait.Status);
        Assert.Equal(TimeSpan.FromSeconds(5), polls[^1]);
        Assert.Equal(TimeSpan.FromSeconds(5), clock.GetUtcNow() - start);
    }

    [Fact]
    public async Task Kinds_longest_wait_caps_a_larger_budget()
    {
        var wait = await RunAsync(Waiter(maxWait: TimeSpan.FromSeconds(3)), _ => Running(0));

        Assert.Equal(JobWaitEnd.BudgetSpent, wait.End);
        Assert.Equal(TimeSpan.FromSeconds(3), polls[^1]);
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_at_once()
    {
        using var cancellation = new CancellationTokenSource();
        var waiting = Waiter().WaitAsync(Poll(_ => Running(10)), JobKind.Image, LongBudget, Report, cancellation.Token);
        for (var poll = 0; poll < 2; poll++)
        {
            await clock.WaitForTimerOrCompletionAsync(waiting);
            clock.AdvanceToNextTimer();
        }

        await clock.WaitForTimerOrCompletionAsync(waiting);
        var cancelledAt = clock.GetUtcNow();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken));
        Assert.Equal(2, polls.Count);
        Assert.Equal(cancelledAt, clock.GetUtcNow());
        Assert.Equal(0, clock.PendingTimers);
    }

    private JobWaiter Waiter(bool ignoreProgress = false, int maxConsecutiveErrors = 5, TimeSpan? maxWait = null, double jitter = 0, TimeSpan? maxDelay = null) => new(clock, Options.Create(new PollingOptions
    {
        Image = new PollingPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = maxDelay ?? TimeSpan.FromSeconds(4), MaxWait = maxWait ?? LongBudget },
        Multiplier = 1.5,
        Jitter = jitter,
        MaxConsecutiveErrors = maxConsecutiveErrors,
        IgnoreProgress = ignoreProgress,
    }));

    private Task<JobWait> RunAsync(JobWaiter waiter, Func<int, JobStatus> respond, TimeSpan? budget = null) =>
        clock.RunAsync(waiter.WaitAsync(Poll(respond), JobKind.Image, budget ?? LongBudget, Report, TestContext.Current.CancellationToken));

    /// <summary>A poll that notes when it was called and answers with <paramref name="respond"/> of its index.</summary>
    private Func<CancellationToken, Task<JobStatus>> Poll(Func<int, JobStatus> respond) => _ =>
    {
        polls.Add(clock.GetUtcNow() - start);
        return Task.FromResult(respond(polls.Count - 1));
    };

    private ValueTask Report(JobStatus status)
    {
        reported.Add(status);
        return ValueTask.CompletedTask;
    }

    /// <summary>The seconds between polls, starting from the beginning of the wait.</summary>
    private List<double> Gaps() => [.. polls.Select((at, index) => (at - (index == 0 ? TimeSpan.Zero : polls[index - 1])).TotalSeconds)];

    /// <summary>A job whose progress rises evenly from the start of the wait to 100% at <paramref name="completion"/>.</summary>
    private JobStatus Linear(TimeSpan completion)
    {
        var elapsed = clock.GetUtcNow() - start;
        return elapsed >= completion ? Done() : Running(elapsed / completion * 100);
    }

    /// <summary>A job whose progress follows (elapsed / completion)^<paramref name="exponent"/>: above 1 it speeds up, below 1 it slows down.</summary>
    private JobStatus Curved(TimeSpan completion, double exponent)
    {
        var elapsed = clock.GetUtcNow() - start;
        return elapsed >= completion ? Done() : Running(Math.Pow(elapsed / completion, exponent) * 100);
    }

    private static JobStatus Running(double progress) => new() { Status = JobStatuses.Processing, Progress = progress };

    private static JobStatus Done() => new() { Status = JobStatuses.Done, Progress = 100, ResultUrl = "https://results.example/result.png" };

    private static DryApiServerException Unavailable(int index) => new($"poll {index} failed (503)", HttpStatusCode.ServiceUnavailable);
}
