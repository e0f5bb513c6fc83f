using System.Collections.Concurrent;

namespace DryApi.Simulator.Jobs;

/// <summary>The jobs submitted to the simulator, in memory; each belongs to the key that created it.</summary>
internal sealed class JobStore
{
    private readonly ConcurrentDictionary<Guid, SimulatedJob> _jobs = new();

    public void Add(SimulatedJob job) => _jobs[job.Id] = job;

    /// <summary>The job with this id that <paramref name="apiKey"/> owns; another key's job reads as not found.</summary>
    public SimulatedJob? FindOwned(string requestId, string apiKey) =>
        Guid.TryParse(requestId, out var id) && _jobs.TryGetValue(id, out var job) && job.OwnerKey == apiKey ? job : null;

    public SimulatedJob? Find(Guid id) => _jobs.GetValueOrDefault(id);
}
