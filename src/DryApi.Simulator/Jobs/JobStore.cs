using System.Collections.Concurrent;

namespace DryApi.Simulator.Jobs;

/// <summary>
/// The jobs submitted to the simulator, in memory; each belongs to the key that created it. With a retention set,
/// submissions sweep out (at most once per quarter of the retention) the jobs due to finish more than that long ago,
/// with their results.
/// </summary>
internal sealed class JobStore(TimeProvider clock, TimeSpan? retention)
{
    private readonly ConcurrentDictionary<Guid, SimulatedJob> _jobs = new();
    private long _nextSweepTicks;

    public void Add(SimulatedJob job)
    {
        _jobs[job.Id] = job;
        ForgetExpired();
    }

    /// <summary>The job with this id that <paramref name="apiKey"/> owns; another key's job reads as not found.</summary>
    public SimulatedJob? FindOwned(string requestId, string apiKey) =>
        Find(requestId) is { } job && job.OwnerKey == apiKey ? job : null;

    /// <summary>The job with this id, whoever owns it.</summary>
    public SimulatedJob? Find(string requestId) =>
        Guid.TryParse(requestId, out var id) ? Find(id) : null;

    public SimulatedJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    private void ForgetExpired()
    {
        if (retention is not { } kept)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + (kept / 4)).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (id, job) in _jobs)
        {
            if (job.CreatedAt + job.Timing.Duration + kept < now)
            {
                _jobs.TryRemove(id, out _);
            }
        }
    }
}
