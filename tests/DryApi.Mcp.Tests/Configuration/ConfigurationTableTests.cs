using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using DryApi.Client;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Backplane;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Telemetry;
using DryApi.Mcp.Tools.Files;
using DryApi.Mcp.Tools.Models;
using DryApi.Mcp.Tools.Results;

namespace DryApi.Mcp.Tests.Configuration;

/// <summary>README's configuration tables list every key of the bound options classes, and nothing that no longer exists.</summary>
public sealed partial class ConfigurationTableTests
{
    private static readonly IReadOnlyList<(string Section, Type Options)> BoundSections =
    [
        (McpHostOptions.SectionName, typeof(McpHostOptions)),
        (FileDownloadOptions.SectionName, typeof(FileDownloadOptions)),
        (ModelCatalogOptions.SectionName, typeof(ModelCatalogOptions)),
        (PreviewOptions.SectionName, typeof(PreviewOptions)),
        (PollingOptions.SectionName, typeof(PollingOptions)),
        (OAuthOptions.SectionName, typeof(OAuthOptions)),
        (DryApiClientOptions.SectionName, typeof(DryApiClientOptions)),
        (TelemetryOptions.SectionName, typeof(TelemetryOptions)),
        (BackplaneOptions.SectionName, typeof(BackplaneOptions)),
    ];

    [Fact]
    public void Every_options_key_has_a_readme_row()
    {
        var documented = ReadmeKeys();

        var missing = BoundSections
            .SelectMany(bound => Settable(bound.Options).Select(property => $"{bound.Section}:{property.Name}"))
            .Where(key => !documented.Any(row => row == key || row.StartsWith(key + ":", StringComparison.Ordinal)))
            .ToList();

        Assert.True(missing.Count == 0, "README's configuration tables lack: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_readme_key_exists_in_an_options_class()
    {
        var stale = ReadmeKeys().Where(key => !Exists(key)).ToList();

        Assert.True(stale.Count == 0, "README's configuration tables list keys no options class binds: " + string.Join(", ", stale));
    }

    /// <summary>Keys in the first cell of README's table rows under a bound section, environment-variable spelling (<c>__</c>) included.</summary>
    private static List<string> ReadmeKeys()
    {
        var roots = BoundSections.Select(bound => bound.Section.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        return [.. File.ReadAllLines(ReadmePath())
            .Where(line => line.StartsWith('|'))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries)[1])
            .SelectMany(cell => BacktickedToken().Matches(cell).Select(match => match.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal)))
            .Where(key => !key.Contains('*', StringComparison.Ordinal) && roots.Contains(key.Split(':')[0]))
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether a key (<c>Auth:Enabled</c>) is bound by one of the options classes; docs/clients.md is checked with it too.</summary>
    internal static bool Exists(string key)
    {
        var (section, options) = BoundSections
            .Where(bound => key.StartsWith(bound.Section + ":", StringComparison.Ordinal))
            .MaxBy(bound => bound.Section.Length);
        if (options is null)
        {
            return false;
        }

        var type = options;
        var segments = new Queue<string>(key[(section.Length + 1)..].Split(':'));
        while (segments.TryDequeue(out var segment))
        {
            var property = Settable(type).FirstOrDefault(candidate => candidate.Name == segment);
            if (property is null)
            {
                return false;
            }

            if (IsCollection(property.PropertyType))
            {
                // Collections are indexed (Auth:SealingKeys:0:Id) or keyed by name (MaxBytes:image); the row names the collection.
                return true;
            }

            type = property.PropertyType;
        }

        return true;
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod?.IsPublic == true);

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static string ReadmePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "DryApi.Mcp.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("README.md next to DryApi.Mcp.sln was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickedToken();
}
