using System.Collections.Concurrent;

namespace DryApi.Mcp.Tests.Load;

/// <summary>What the load's clients saw, per tool: calls, successes, jobs still running at the wait budget, failures and leaks.</summary>
internal sealed class LoadTally
{
    private const int KeptSamples = 20;

    private readonly ConcurrentDictionary<string, ToolCounts> _tools = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failureSamples = new();
    private readonly ConcurrentQueue<string> _leakSamples = new();
    private long _failures;
    private long _leaks;

    public long Failures => Interlocked.Read(ref _failures);

    public long Leaks => Interlocked.Read(ref _leaks);

    public IReadOnlyList<string> FailureSamples => [.. _failureSamples];

    public IReadOnlyList<string> LeakSamples => [.. _leakSamples];

    public IReadOnlyList<(string Tool, ToolCounts Counts)> PerTool => [.. _tools.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => (pair.Key, pair.Value))];

    public long Calls => _tools.Values.Sum(counts => counts.Calls);

    public void Succeeded(string tool) => Interlocked.Increment(ref Of(tool).SucceededCount);

    /// <summary>A job outlived the call's wait budget and the tool returned its request_id: a documented outcome.</summary>
    public void Unfinished(string tool) => Interlocked.Increment(ref Of(tool).UnfinishedCount);

    /// <summary>An SDK exception, a JSON-RPC error, or a tool result that is not an expected outcome.</summary>
    public void Failed(string tool, string what)
    {
        Interlocked.Increment(ref Of(tool).FailedCount);
        Keep(_failureSamples, Interlocked.Increment(ref _failures), $"{tool}: {what}");
    }

    /// <summary>A client received something that belongs to another client.</summary>
    public void Leaked(string tool, string what)
    {
        Interlocked.Increment(ref Of(tool).LeakedCount);
        Keep(_leakSamples, Interlocked.Increment(ref _leaks), $"{tool}: {what}");
    }

    private static void Keep(ConcurrentQueue<string> samples, long count, string what)
    {
        if (count <= KeptSamples)
        {
            samples.Enqueue(what);
        }
    }

    private ToolCounts Of(string tool) => _tools.GetOrAdd(tool, _ => new ToolCounts());

    internal sealed class ToolCounts
    {
        // Fields, so callers can increment them with Interlocked.
        internal long SucceededCount;
        internal long UnfinishedCount;
        internal long FailedCount;
        internal long LeakedCount;

        public long Succeeded => Interlocked.Read(ref SucceededCount);

        public long Unfinished => Interlocked.Read(ref UnfinishedCount);

        public long Failed => Interlocked.Read(ref FailedCount);

        public long Leaked => Interlocked.Read(ref LeakedCount);

        public long Calls => Succeeded + Unfinished + Failed + Leaked;
    }
}
