namespace DryApi.Mcp.Bench;

/// <summary>
/// Where bench/run.sh put what the benchmarks start: published builds, the peer's entry point, the allocation probe
/// (bench/AllocationProbe), a folder for logs, and (with <c>--baseline</c>) the same two server builds from an earlier
/// commit, measured in the same run.
/// </summary>
internal sealed record BenchPaths(
    string Server, string ServerReadyToRun, string Simulator, string PeerScript, string AllocationProbe, string Work, Baseline? Baseline)
{
    public static BenchPaths From(IReadOnlyDictionary<string, string> options) => new(
        Required(options, "server"),
        Required(options, "server-r2r"),
        Required(options, "simulator"),
        Required(options, "peer"),
        Required(options, "allocation-probe"),
        Required(options, "work"),
        options.TryGetValue("baseline-name", out var name)
            ? new Baseline(name, Required(options, "baseline-server"), Required(options, "baseline-server-r2r"))
            : null);

    private static string Required(IReadOnlyDictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? Path.GetFullPath(value) : throw new ArgumentException($"--{name} <path> is required.");
}

/// <summary>An earlier commit's server builds (framework-dependent and ReadyToRun), named by the commit.</summary>
internal sealed record Baseline(string Name, string Server, string ServerReadyToRun)
{
    /// <summary>The bound the comparisons hold a change to: no more than 10% worse than the baseline.</summary>
    public const double AllowedRatio = 1.10;
}
