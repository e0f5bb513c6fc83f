using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Responses;
using DryApi.Mcp.Telemetry;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Jobs;

/// <summary>
/// Polls a job until it finishes or the budget is spent. Delays start at the kind's initial delay and grow, but once
/// the job reports progress, polls are paced by its predicted completion (every cap while it is far off, then just
/// after the predicted moment), so a result is seen soon after it exists with fewer polls than growth alone sends
/// (docs/benchmarks.md, section 3). Errors are budgeted by consecutive failures, not total attempts.
/// With <see cref="PollingOptions.IgnoreProgress"/> it follows dryAPI's hosted server instead: the delay grows by the
/// multiplier from the initial delay to the cap, with no jitter and no use of progress.
/// When the host begins stopping, every wait ends at once with the last status seen, so each call can still hand its
/// request_id back before the process exits.
/// With a key's <see cref="StatusBudget"/>, each poll also waits for its turn in the key's shared budget of status
/// requests (immediate while the key is far from its limits), and the wait ends early, with the reason, when the key's
/// daily status requests fall to the reserve.
/// </summary>
/// <param name="random">The source of jitter; a seeded one makes a run reproducible (benchmarks). Shared when null.</param>
public sealed class JobWaiter(
    TimeProvider timeProvider, IOptions<PollingOptions> options, McpMetrics? metrics = null, IHostApplicationLifetime? lifetime = null,
    Random? random = null)
{
    private static readonly TimeSpan ShortestDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>How far past the predicted completion the last poll aims, as a share of the time until then.</summary>
    private const double AimPastPrediction = 0.05;

    public async Task<JobWait> WaitAsync(
        Func<CancellationToken, Task<JobStatus>> poll,
        JobKind kind,
        TimeSpan budget,
        Func<JobStatus, ValueTask> onStatus,
        CancellationToken cancellationToken,
        StatusBudget? statusBudget = null)
    {
        var started = timeProvider.GetTimestamp();
        var wait = await PollUntilDoneAsync(poll, kind, budget, onStatus, statusBudget, cancellationToken);
        metrics?.JobWaited(kind, wait, timeProvider.GetElapsedTime(started));
        return wait;
    }

    private async Task<JobWait> PollUntilDoneAsync(
        Func<CancellationToken, Task<JobStatus>> poll,
        JobKind kind,
        TimeSpan budget,
        Func<JobStatus, ValueTask> onStatus,
        StatusBudget? statusBudget,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var policy = settings.For(kind);
        var started = timeProvider.GetTimestamp();
        var deadline = Min(budget, policy.MaxWait);
        var backoff = policy.InitialDelay;
        var trend = new ProgressTrend(started);
        JobStatus? last = null;
        Exception? lastError = null;
        var errors = 0;
        var polls = 0;
        var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);

        while (true)
        {
            var predicted = trend.Predict(timeProvider.GetTimestamp(), timeProvider);
            var delay = settings.IgnoreProgress
                ? backoff
                : predicted is { } untilDone
                    ? Paced(untilDone, policy.MaxDelay)
                    : Jittered(backoff, settings.Jitter);
            var remaining = deadline - timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return new JobWait(JobWaitEnd.BudgetSpent, last, lastError, polls);
            }

            try
            {
                await Task.Delay(Min(delay, remaining), timeProvider, waiting.Token);
                if (statusBudget is not null)
                {
                    var urgency = StatusBudget.Urgency(predicted is null ? null : predicted - delay, last?.Progress ?? 0);
                    var turn = await statusBudget.TakeTurnAsync(urgency, deadline - timeProvider.GetElapsedTime(started), mayUseReserve: false, waiting.Token);
                    if (!turn.Granted)
                    {
                        return turn.Refusal is null
                            ? new JobWait(JobWaitEnd.BudgetSpent, last, lastError, polls)
                            : new JobWait(JobWaitEnd.StatusLimitReached, last, lastError, polls, turn.Refusal);
                    }
                }

                polls++;
                last = await poll(waiting.Token);
                errors = 0;
                lastError = null;
                trend.Observe(timeProvider.GetTimestamp(), last.Progress);
                await onStatus(last);
                if (last.IsFinished)
                {
                    return new JobWait(JobWaitEnd.Finished, last, null, polls);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return new JobWait(JobWaitEnd.ServerStopping, last, lastError, polls);
            }
            catch (DryApiException exception) when (IsTransient(exception))
            {
                lastError = exception;
                if (++errors >= settings.MaxConsecutiveErrors)
                {
                    return new JobWait(JobWaitEnd.PollingFailed, last, exception, polls);
                }
            }

            backoff = Min(TimeSpan.FromTicks((long)(backoff.Ticks * settings.Multiplier)), policy.MaxDelay);
        }
    }

    /// <summary>A polling error after which the job may well still be running and a later poll may succeed.</summary>
    internal static bool IsTransient(DryApiException exception) =>
        exception is DryApiServerException or DryApiUnavailableException or DryApiRateLimitException or DryApiProtocolException;

    private TimeSpan Jittered(TimeSpan delay, double jitter) =>
        jitter <= 0 ? delay : TimeSpan.FromTicks((long)(delay.Ticks * (1 + (((random ?? Random.Shared).NextDouble() * 2) - 1) * jitter)));

    /// <summary>
    /// The next delay when the job's completion can be predicted: the cap while it is further off (so progress is
    /// still reported that often), else the predicted moment plus a little, so a prediction that is slightly early
    /// does not cost an extra poll.
    /// </summary>
    private static TimeSpan Paced(TimeSpan untilDone, TimeSpan cap)
    {
        var aim = untilDone * (1 + AimPastPrediction);
        return aim > cap ? cap : aim < ShortestDelay ? ShortestDelay : aim;
    }

    private static TimeSpan Min(TimeSpan first, TimeSpan second) => first < second ? first : second;

    /// <summary>
    /// The job's reported progress, and when it will reach 100% at the rate between the last two rises. The recent
    /// rate, not the average since the first report, because models rarely progress linearly.
    /// </summary>
    private sealed class ProgressTrend(long started)
    {
        private long idleAt = started;
        private (long At, double Progress)? previous;
        private (long At, double Progress)? latest;

        public void Observe(long at, double progress)
        {
            if (progress <= 0)
            {
                idleAt = at;
                return;
            }

            if (progress <= latest?.Progress)
            {
                return;
            }

            // The first progress: the work began between the last poll that saw none and this one; take the middle.
            previous = latest ?? (idleAt + ((at - idleAt) / 2), 0);
            latest = (at, progress);
        }

        public TimeSpan? Predict(long now, TimeProvider time)
        {
            if (previous is not { } start || latest is not { } end || end.Progress >= 100)
            {
                return null;
            }

            var elapsed = time.GetElapsedTime(start.At, end.At);
            var perPercent = elapsed / (end.Progress - start.Progress);
            var untilDone = (perPercent * (100 - end.Progress)) - time.GetElapsedTime(end.At, now);

            // Once the predicted moment has passed, the prediction says nothing more; back off as usual.
            return untilDone > TimeSpan.Zero ? untilDone : null;
        }
    }
}
