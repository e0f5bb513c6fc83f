namespace DryApi.Mcp.Tests.Support;

/// <summary>
/// A clock that moves only when told to. Timers fire when the clock passes their due time, in due order, so code
/// that waits with <c>Task.Delay(..., timeProvider)</c> runs in virtual time.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> scheduled = [];
    private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers waiting to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (gate)
            {
                return scheduled.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock to the earliest timer's due time and fires every timer due by then; false when none is scheduled.</summary>
    public bool AdvanceToNextTimer()
    {
        DateTimeOffset next;
        lock (gate)
        {
            if (scheduled.Count == 0)
            {
                return false;
            }

            next = scheduled.Min(timer => timer.DueAt);
        }

        AdvanceTo(next);
        return true;
    }

    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    /// <summary>
    /// Runs <paramref name="task"/> to completion in virtual time: whenever it waits on a timer, the clock jumps to
    /// that timer. Fails if the task neither completes nor schedules a timer within a few real seconds.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> task)
    {
        while (!task.IsCompleted)
        {
            await WaitForTimerOrCompletionAsync(task);
            if (!task.IsCompleted)
            {
                AdvanceToNextTimer();
            }
        }

        return await task;
    }

    /// <summary>Waits in real time until <paramref name="task"/> has scheduled a timer or completed.</summary>
    public async Task WaitForTimerOrCompletionAsync(Task task)
    {
        var realDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!task.IsCompleted && PendingTimers == 0)
        {
            if (DateTime.UtcNow > realDeadline)
            {
                throw new TimeoutException("The code under test neither completed nor waited on a timer.");
            }

            await Task.Delay(1);
        }
    }

    private void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            ManualTimer? due;
            lock (gate)
            {
                due = scheduled.Where(timer => timer.DueAt <= target).MinBy(timer => timer.DueAt);
                if (due is null)
                {
                    now = target > now ? target : now;
                    return;
                }

                now = due.DueAt > now ? due.DueAt : now;
                scheduled.Remove(due);
                if (due.Period is { } period)
                {
                    due.DueAt = now + period;
                    scheduled.Add(due);
                }
            }

            due.Fire();
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (gate)
        {
            scheduled.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.DueAt = now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            scheduled.Add(timer);
        }
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (gate)
        {
            scheduled.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
