namespace DryApi.Mcp.Jobs;

/// <summary>
/// A hint that a waited job may have finished (a webhook said so), which ends the wait's pause at once so that it
/// confirms with a status request. A hint that arrives while nobody pauses is kept for the next pause. While a wait
/// has one, it polls only every <see cref="FallbackDelay"/>, in case the hint never comes.
/// </summary>
public sealed class WakeSignal(TimeSpan fallbackDelay)
{
    private TaskCompletionSource woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan FallbackDelay { get; } = fallbackDelay;

    /// <summary>Completes at the first hint since the last <see cref="Consume"/>.</summary>
    public Task Woken => Volatile.Read(ref woken).Task;

    public void Wake() => Volatile.Read(ref woken).TrySetResult();

    /// <summary>Forgets the hint that ended a pause, before the status request that confirms it; later hints count again.</summary>
    public void Consume()
    {
        var current = Volatile.Read(ref woken);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref woken, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }
}
