namespace DryApi.Tests.Support;

/// <summary>Files of the checkout this test run was built from, found by walking up to the folder holding the solution.</summary>
internal static class RepositoryFiles
{
    public const string SolutionFileName = "DryApi.Mcp.sln";

    /// <summary>The folder holding <c>DryApi.Mcp.sln</c>, or null when the tests run outside a checkout.</summary>
    public static DirectoryInfo? Root { get; } = FindRoot();

    /// <summary>A path relative to the checkout's root, or null outside a checkout.</summary>
    public static string? PathOf(params string[] segments) =>
        Root is null ? null : Path.GetFullPath(Path.Combine([Root.FullName, .. segments]));

    private static DirectoryInfo? FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory;
            }
        }

        return null;
    }
}
