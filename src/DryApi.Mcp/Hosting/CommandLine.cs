namespace DryApi.Mcp.Hosting;

/// <summary>The server's own switches, and the arguments left for configuration.</summary>
internal static class CommandLine
{
    /// <summary>Run over standard input and output for a client that launches the server (API key from DRYAPI_API_KEY).</summary>
    public const string Stdio = "--stdio";

    private static readonly string[] Switches = [Stdio, DemoUpstream.Switch];

    public static bool Has(string[] args, string name) => args.Contains(name, StringComparer.Ordinal);

    /// <summary>The arguments without the switches, which the configuration's command-line reader would pair with the next argument.</summary>
    public static string[] ForConfiguration(string[] args) => [.. args.Where(argument => !Switches.Contains(argument, StringComparer.Ordinal))];
}
