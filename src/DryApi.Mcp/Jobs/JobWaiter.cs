using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Responses;
using DryApi.Mcp.Telemetry;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Jobs;

/// <summary>
/// Polls a job until it finishes or the budget is spent. Until the job reports progress, delays start at the kind's
/// initial delay and grow by the multiplier up to the cap. Once it does, polls are paced by its forecast completion:
/// while the estimates disagree, each poll jumps most of the way to the earliest, and once they agree within
/// <see cref="AimWithin"/> the next poll aims just past the forecast moment, so a result is seen soon after it exists
/// with far fewer polls than the cap allows (docs/benchmarks.md, section 3). No gap exceeds
/// <see cref="LongestGapInCaps"/> caps, so reported progress is never older than that. Errors are budgeted by
/// consecutive failures, not total attempts.
/// With <see cref="PollingOptions.IgnoreProgress"/> it follows dryAPI's hosted server instead: the delay grows by the
/// multiplier from the initial delay to the cap, with no jitter and no use of progress.
/// When the host begins stopping, every wait ends at once with the last status seen, so each call can still hand its
/// request_id back before the process exits.
/// With a key's <see cref="StatusBudget"/>, each poll also waits for its turn in the key's shared budget of status
/// requests (immediate while the key is far from its limits), and the wait ends early, with the reason, when the key's
/// daily status requests fall to the reserve.
/// With a <see cref="WakeSignal"/> (a webhook is expected), polls come only every fallback delay, and a hint ends the
/// pause at once.
/// </summary>
/// <param name="random">The source of jitter; a seeded one makes a run reproducible (benchmarks). Shared when null.</param>
public sealed class JobWaiter(
    TimeProvider timeProvider, IOptions<PollingOptions> options, McpMetrics? metrics = null, IHostApplicationLifetime? lifetime = null,
    Random? random = null)
{
    private static readonly TimeSpan ShortestDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>How close the completion estimates must agree before a poll aims at the forecast moment itself.</summary>
    private static readonly TimeSpan AimWithin = TimeSpan.FromSeconds(1);

    /// <summary>Share of the way to the earliest estimate a poll jumps when the forecast rests on one progress reading.</summary>
    private const double FirstReadingShare = 0.5;

    /// <summary>
    /// A jump looks ahead at most this many times as long as the job has been seen working: readings over a short span
    /// (a small first percentage) can put a forecast far off, and each jump widens the span they cover.
    /// </summary>
    private const int EvidenceGrowth = 8;

    /// <summary>Share of the way to the earliest estimate a poll jumps once the forecast rests on two or more readings.</summary>
    private const double ReadingsShare = 0.9;

    /// <summary>How far past the forecast moment an aimed poll lands, as a share of the time until then (on top of half the estimates' spread).</summary>
    private const double AimPastForecast = 0.02;

    /// <summary>The longest gap between polls of a job that reports progress, in the kind's caps (MaxDelay).</summary>
    private const int LongestGapInCaps = 3;

    public async Task<JobWait> WaitAsync(
        Func<CancellationToken, Task<JobStatus>> poll,
        JobKind kind,
        TimeSpan budget,
        Func<JobStatus, ValueTask> onStatus,
        CancellationToken cancellationToken,
        StatusBudget? statusBudget = null,
        WakeSignal? wake = null)
    {
        var started = timeProvider.GetTimestamp();
        var wait = await PollUntilDoneAsync(poll, kind, budget, onStatus, statusBudget, wake, cancellationToken);
        metrics?.JobWaited(kind, wait, timeProvider.GetElapsedTime(started));
        return wait;
    }

    private async Task<JobWait> PollUntilDoneAsync(
        Func<CancellationToken, Task<JobStatus>> poll,
        JobKind kind,
        TimeSpan budget,
        Func<JobStatus, ValueTask> onStatus,
        StatusBudget? statusBudget,
        WakeSignal? wake,
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
            var forecast = trend.Forecast(timeProvider.GetTimestamp(), timeProvider);
            var predicted = forecast?.UntilDone;
            var delay = wake?.FallbackDelay
                ?? (settings.IgnoreProgress
                    ? backoff
                    : forecast is not null
                        ? Paced(forecast, policy.MaxDelay)
                        : trend.Overdue
                            ? Clamp(timeProvider.GetElapsedTime(trend.LastRise), ShortestDelay, policy.MaxDelay)
                            : Jittered(backoff, settings.Jitter));

            var remaining = deadline - timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return new JobWait(JobWaitEnd.BudgetSpent, last, lastError, polls);
            }

            try
            {
                await PauseAsync(Min(delay, remaining), wake, waiting.Token);
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

    /// <summary>Waits for the delay, or less if a hint comes first.</summary>
    private async Task PauseAsync(TimeSpan delay, WakeSignal? wake, CancellationToken cancellationToken)
    {
        if (wake is null)
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
            return;
        }

        using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(Task.Delay(delay, timeProvider, pause.Token), wake.Woken);
        await pause.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        wake.Consume();
    }

    /// <summary>A polling error after which the job may well still be running and a later poll may succeed.</summary>
    internal static bool IsTransient(DryApiException exception) =>
        exception is DryApiServerException or DryApiUnavailableException or DryApiRateLimitException or DryApiProtocolException;

    private TimeSpan Jittered(TimeSpan delay, double jitter) =>
        jitter <= 0 ? delay : TimeSpan.FromTicks((long)(delay.Ticks * (1 + (((random ?? Random.Shared).NextDouble() * 2) - 1) * jitter)));

    /// <summary>
    /// The next delay when the job's completion can be forecast: just past the forecast moment once the estimates agree
    /// within <see cref="AimWithin"/>, else most of the way to the earliest estimate, so the next reading, closer to
    /// the end, sharpens the forecast without overshooting it.
    /// </summary>
    private static TimeSpan Paced(CompletionForecast forecast, TimeSpan cap)
    {
        var delay = forecast.Disagreement <= AimWithin
            ? forecast.UntilDone + (forecast.Disagreement / 2) + (forecast.UntilDone * AimPastForecast)
            : Min(forecast.UntilEarliest * (forecast.SingleReading ? FirstReadingShare : ReadingsShare), forecast.Working * EvidenceGrowth);
        return Clamp(delay, ShortestDelay, cap * LongestGapInCaps);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan least, TimeSpan most) => value < least ? least : value > most ? most : value;

    private static TimeSpan Min(TimeSpan first, TimeSpan second) => first < second ? first : second;

    /// <summary>
    /// When the job will be done, as forecast from progress readings: <paramref name="UntilDone"/> the best estimate,
    /// <paramref name="UntilEarliest"/> the earliest of the estimates, <paramref name="Disagreement"/> their spread (the
    /// whole time until done while only the line exists), <paramref name="Working"/> how long the job has been seen
    /// working (since the estimated moment its progress began).
    /// </summary>
    private sealed record CompletionForecast(TimeSpan UntilDone, TimeSpan UntilEarliest, TimeSpan Disagreement, TimeSpan Working, bool SingleReading);

    /// <summary>
    /// The job's reported progress and when it will reach 100%, estimated from its last three readings (the first of
    /// them, before a second rise, is the moment the work began, taken as the middle of the gap in which it did): along
    /// the line through the last two, along the parabola of time against progress (which follows progress that slows
    /// down) and along the parabola of progress against time (which follows progress that speeds up). The best estimate
    /// is the earlier of the parabolas that reach 100%. Any smooth progress curve is close to a parabola over a short
    /// enough stretch, so the estimates converge as the end nears, and their spread measures how far the forecast can
    /// be trusted; nothing here assumes a particular shape of curve, and a jump in progress (a phase that reports 0%
    /// then 50%) only widens the spread until readings after it take over.
    /// </summary>
    private sealed class ProgressTrend(long started)
    {
        private readonly List<(long At, double Progress)> readings = [];
        private long idleAt = started;
        private long workBegan;

        /// <summary>
        /// The forecast moment has passed without the job finishing: no forecast until progress rises again, and polls
        /// thin out as the time since <see cref="LastRise"/> grows.
        /// </summary>
        public bool Overdue { get; private set; }

        public long LastRise => readings.Count > 0 ? readings[^1].At : idleAt;

        public void Observe(long at, double progress)
        {
            if (progress <= 0)
            {
                idleAt = at;
                return;
            }

            if (readings.Count > 0 && progress <= readings[^1].Progress)
            {
                return;
            }

            if (readings.Count == 0)
            {
                // The first progress: the work began between the last poll that saw none and this one; take the middle.
                workBegan = idleAt + ((at - idleAt) / 2);
                readings.Add((workBegan, 0));
            }

            readings.Add((at, progress));
            if (readings.Count > 3)
            {
                readings.RemoveAt(0);
            }

            Overdue = false;
        }

        public CompletionForecast? Forecast(long now, TimeProvider time)
        {
            if (readings.Count < 2 || readings[^1].Progress >= 100)
            {
                return null;
            }

            var at = readings.Select(reading => time.GetElapsedTime(readings[0].At, reading.At).TotalSeconds).ToArray();
            var progress = readings.Select(reading => reading.Progress).ToArray();
            var sinceFirst = time.GetElapsedTime(readings[0].At, now).TotalSeconds;
            var linear = Linear(at[^2], progress[^2], at[^1], progress[^1]);
            double[] curved = readings.Count < 3
                ? []
                : [.. new[] { TimeAlongProgress(at, progress), ProgressAlongTime(at, progress) }.OfType<double>()];
            var untilDone = (curved.Length > 0 ? curved.Min() : linear) - sinceFirst;
            var earliest = Math.Min(untilDone, linear - sinceFirst);
            if (earliest <= 0)
            {
                // The forecast moment has passed: it says nothing more until progress rises again.
                Overdue = true;
                return null;
            }

            return new CompletionForecast(
                TimeSpan.FromSeconds(untilDone),
                TimeSpan.FromSeconds(earliest),
                TimeSpan.FromSeconds(curved.Length > 0 ? curved.Append(linear).Max() - curved.Append(linear).Min() : untilDone),
                time.GetElapsedTime(workBegan, now),
                readings.Count == 2);
        }

        /// <summary>When the line through two readings reaches 100%.</summary>
        private static double Linear(double firstAt, double first, double lastAt, double last) =>
            lastAt + ((lastAt - firstAt) / (last - first) * (100 - last));

        /// <summary>
        /// When the parabola of time against progress through three readings reaches 100%, or null when it turns back
        /// before then. It follows progress that slows down (time per percent grows).
        /// </summary>
        private static double? TimeAlongProgress(double[] at, double[] progress)
        {
            var (p0, p1, p2) = (progress[0], progress[1], progress[2]);
            var slope01 = (at[1] - at[0]) / (p1 - p0);
            var slope12 = (at[2] - at[1]) / (p2 - p1);
            var curvature = (slope12 - slope01) / (p2 - p0);
            double SlopeAt(double p) => slope12 + (curvature * ((2 * p) - p1 - p2));
            return SlopeAt(p2) <= 0 || SlopeAt(100) <= 0
                ? null
                : at[2] + (slope12 * (100 - p2)) + (curvature * (100 - p2) * (100 - p1));
        }

        /// <summary>
        /// When the parabola of progress against time through three readings reaches 100%, or null when it levels off
        /// below 100%. It follows progress that speeds up (percent per second grows).
        /// </summary>
        private static double? ProgressAlongTime(double[] at, double[] progress)
        {
            var slope01 = (progress[1] - progress[0]) / (at[1] - at[0]);
            var slope12 = (progress[2] - progress[1]) / (at[2] - at[1]);
            var curvature = (slope12 - slope01) / (at[2] - at[0]);

            // From the last reading, x seconds on: progress[2] + b·x + curvature·x² = 100.
            var b = slope12 + (curvature * (at[2] - at[1]));
            var left = 100 - progress[2];
            if (Math.Abs(curvature) < 1e-12)
            {
                return b > 0 ? at[2] + (left / b) : null;
            }

            var discriminant = (b * b) + (4 * curvature * left);
            return b <= 0 || discriminant < 0 ? null : at[2] + ((Math.Sqrt(discriminant) - b) / (2 * curvature));
        }
    }
}
