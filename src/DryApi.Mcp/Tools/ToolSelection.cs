using DryApi.Mcp.Hosting;
using Microsoft.Extensions.Primitives;

namespace DryApi.Mcp.Tools;

/// <summary>
/// Which tool groups one request sees: configuration first (<c>Mcp:IncludeToolGroups</c>, <c>Mcp:ExcludeToolGroups</c>),
/// then the optional <c>?tools=image,video,-prices</c> query, which can narrow but never widen what configuration allows.
/// </summary>
internal sealed record ToolSelection(IReadOnlySet<ToolGroup> Groups)
{
    public bool Includes(ToolGroup group) => Groups.Contains(group);

    public static ToolSelection From(McpHostOptions options, StringValues query)
    {
        var allowed = Narrow(Enum.GetValues<ToolGroup>().ToHashSet(), options.IncludeToolGroups, options.ExcludeToolGroups);
        var requested = query.SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var include = requested.Where(name => !name.StartsWith('-')).ToList();
        var exclude = requested.Where(name => name.StartsWith('-')).Select(name => name[1..]).ToList();
        return new ToolSelection(Narrow(allowed, include, exclude));
    }

    /// <summary>Unknown group names are ignored, so a client's stale query cannot break the server.</summary>
    private static HashSet<ToolGroup> Narrow(HashSet<ToolGroup> groups, IEnumerable<string> include, IEnumerable<string> exclude)
    {
        var included = Parse(include);
        var result = included.Count == 0 ? new HashSet<ToolGroup>(groups) : groups.Intersect(included).ToHashSet();
        result.ExceptWith(Parse(exclude));
        return result;
    }

    private static HashSet<ToolGroup> Parse(IEnumerable<string> names) =>
        names.Select(name => Enum.TryParse<ToolGroup>(name, ignoreCase: true, out var group) ? group : (ToolGroup?)null)
            .OfType<ToolGroup>()
            .ToHashSet();
}
