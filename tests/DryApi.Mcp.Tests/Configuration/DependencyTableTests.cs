using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DryApi.Mcp.Tests.Configuration;

/// <summary>README's Dependencies table names every package pinned in Directory.Packages.props, at its version, and no other.</summary>
public sealed partial class DependencyTableTests
{
    [Fact]
    public void Every_pinned_package_has_a_row_with_its_version()
    {
        var documented = DocumentedPackages();

        var wrong = PinnedPackages()
            .Where(pinned => !documented.TryGetValue(pinned.Key, out var version) || version != pinned.Value)
            .Select(pinned => $"{pinned.Key} {pinned.Value} (README: {documented.GetValueOrDefault(pinned.Key) ?? "no row"})")
            .ToList();

        Assert.True(wrong.Count == 0, "README's Dependencies table lacks or misstates: " + string.Join(", ", wrong));
    }

    [Fact]
    public void Every_row_names_a_pinned_package()
    {
        var pinned = PinnedPackages();

        var stale = DocumentedPackages().Keys.Where(package => !pinned.ContainsKey(package)).ToList();

        Assert.True(stale.Count == 0, "README's Dependencies table lists packages Directory.Packages.props does not pin: " + string.Join(", ", stale));
    }

    private static Dictionary<string, string> PinnedPackages() =>
        XDocument.Load(RepositoryFile("Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(element => (string)element.Attribute("Include")!, element => (string)element.Attribute("Version")!, StringComparer.Ordinal);

    /// <summary>Rows of the table under "## Dependencies": a backticked package name, then its version.</summary>
    private static Dictionary<string, string> DocumentedPackages()
    {
        var readme = File.ReadAllText(RepositoryFile("README.md"));
        var section = readme[readme.IndexOf("\n## Dependencies\n", StringComparison.Ordinal)..];
        var next = section.IndexOf("\n## ", 1, StringComparison.Ordinal);
        return PackageRow().Matches(next < 0 ? section : section[..next])
            .ToDictionary(match => match.Groups["package"].Value, match => match.Groups["version"].Value, StringComparer.Ordinal);
    }

    private static string RepositoryFile(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, name)) && File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
            {
                return Path.Combine(directory.FullName, name);
            }
        }

        throw new FileNotFoundException($"{name} was not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\| `(?<package>[^`]+)` \| (?<version>[^ |]+) \|", RegexOptions.Multiline)]
    private static partial Regex PackageRow();
}
