namespace DryApi.Mcp.Bench;

/// <summary>Where bench/run.sh put what the benchmarks start: published builds, the peer's entry point, a folder for logs.</summary>
internal sealed record BenchPaths(string Server, string ServerReadyToRun, string Simulator, string PeerScript, string Work)
{
    public static BenchPaths From(IReadOnlyDictionary<string, string> options) => new(
        Required(options, "server"),
        Required(options, "server-r2r"),
        Required(options, "simulator"),
        Required(options, "peer"),
        Required(options, "work"));

    private static string Required(IReadOnlyDictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? Path.GetFullPath(value) : throw new ArgumentException($"--{name} <path> is required.");
}
