using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Responses;
using DryApi.Mcp.Telemetry;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Jobs;

/// <summary>
/// Polls a job until it finishes or the budget is spent. Delays start at the kind's initial delay and grow,
/// but when the job reports progress the next poll is timed for its predicted completion, so a result is seen soon
/// after it exists without polling more often. Errors are budgeted by consecutive failures, not total attempts.
/// </summary>
public sealed class JobWaiter(TimeProvider timeProvider, IOptions<PollingOptions> options, McpMetrics? metrics = null)
{
    private static readonly TimeSpan ShortestDelay = TimeSpan.FromMilliseconds(250);

    public async Task<JobWait> WaitAsync(
        Func<CancellationToken, Task<JobStatus>> poll,
        JobKind kind,
        TimeSpan budget,
        Func<JobStatus, ValueTask> onStatus,
        CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var wait = await PollUntilDoneAsync(poll, kind, budget, onStatus, cancellationToken);
        metrics?.JobWaited(kind, wait, timeProvider.GetElapsedTime(started));
        return wait;
    }

    private async Task<JobWait> PollUntilDoneAsync(
        Func<CancellationToken, Task<JobStatus>> poll,
        JobKind kind,
        TimeSpan budget,
        Func<JobStatus, ValueTask> onStatus,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var policy = settings.For(kind);
        var started = timeProvider.GetTimestamp();
        var deadline = Min(budget, policy.MaxWait);
        var backoff = policy.InitialDelay;
        var trend = new ProgressTrend();
        JobStatus? last = null;
        Exception? lastError = null;
        var errors = 0;
        var polls = 0;

        while (true)
        {
            var delay = trend.Predict(timeProvider.GetTimestamp(), timeProvider) is { } eta && !settings.IgnoreProgress
                ? Clamp(Min(eta, backoff), ShortestDelay, policy.MaxDelay)
                : backoff;
            delay = Jittered(delay, settings.Jitter);
            var remaining = deadline - timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return new JobWait(JobWaitEnd.BudgetSpent, last, lastError, polls);
            }

            await Task.Delay(Min(delay, remaining), timeProvider, cancellationToken);
            try
            {
                polls++;
                last = await poll(cancellationToken);
                errors = 0;
                lastError = null;
                trend.Observe(timeProvider.GetTimestamp(), last.Progress);
                await onStatus(last);
                if (last.IsFinished)
                {
                    return new JobWait(JobWaitEnd.Finished, last, null, polls);
                }
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

    private static bool IsTransient(DryApiException exception) =>
        exception is DryApiServerException or DryApiUnavailableException or DryApiRateLimitException or DryApiProtocolException;

    private static TimeSpan Jittered(TimeSpan delay, double jitter) =>
        jitter <= 0 ? delay : TimeSpan.FromTicks((long)(delay.Ticks * (1 + ((Random.Shared.NextDouble() * 2) - 1) * jitter)));

    private static TimeSpan Min(TimeSpan first, TimeSpan second) => first < second ? first : second;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => value < low ? low : value > high ? high : value;

    /// <summary>The job's reported progress over time, and when it will reach 100% at the rate seen so far.</summary>
    private sealed class ProgressTrend
    {
        private (long At, double Progress)? first;
        private (long At, double Progress)? latest;

        public void Observe(long at, double progress)
        {
            if (progress <= 0)
            {
                return;
            }

            first ??= (at, progress);
            latest = (at, progress);
        }

        public TimeSpan? Predict(long now, TimeProvider time)
        {
            if (first is not { } start || latest is not { } end || end.Progress <= start.Progress || end.Progress >= 100)
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
