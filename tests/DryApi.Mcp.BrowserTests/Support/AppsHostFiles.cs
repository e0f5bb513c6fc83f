namespace DryApi.Mcp.BrowserTests.Support;

/// <summary>The test host page and ext-apps' AppBridge bundled for it (<c>tests/DryApi.Mcp.BrowserTests/AppsHost</c>).</summary>
internal static class AppsHostFiles
{
    private static string Folder => RepositoryFiles.PathOf("tests", "DryApi.Mcp.BrowserTests", "AppsHost")
        ?? throw new InvalidOperationException("The browser tests run from a checkout of the repository (they read its AppsHost folder).");

    public static string HostPage => File.ReadAllText(Path.Combine(Folder, "host.html"));

    public static string AppBridgeBundle => File.ReadAllText(Path.Combine(Folder, "dist", "app-bridge.js"));

    /// <summary>Where the screenshots go: <c>.ci/work/screenshots</c>, kept by CI as artefacts.</summary>
    public static string ScreenshotFolder =>
        Directory.CreateDirectory(RepositoryFiles.PathOf(".ci", "work", "screenshots")!).FullName;

    public static void EnsureBuilt()
    {
        if (!File.Exists(Path.Combine(Folder, "dist", "app-bridge.js")))
        {
            throw new InvalidOperationException(
                $"The MCP Apps host bundle is missing: run 'npm ci && npm run build' in {Folder} (.ci/run does) before these tests.");
        }
    }
}
