using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DryApi.Mcp.Tools;
using ModelContextProtocol;

namespace DryApi.Mcp.Tests.Catalog;

/// <summary>
/// What a client sees in <c>tools/list</c> — every tool's name, title, description, input and output schema and
/// annotations — against the reviewed golden file <c>Catalog/tools-list.golden.json</c>, so that no change to what agents
/// read goes unnoticed. After an intended change, regenerate the file and review its diff:
/// <code>UPDATE_GOLDEN=1 dotnet test tests/DryApi.Mcp.Tests --filter FullyQualifiedName~ToolsListSnapshotTests</code>
/// With <c>UPDATE_GOLDEN=1</c> the test rewrites the file in the source tree instead of comparing.
/// </summary>
public sealed partial class ToolsListSnapshotTests
{
    private const string GoldenFileName = "tools-list.golden.json";
    private const string UpdateCommand = "UPDATE_GOLDEN=1 dotnet test tests/DryApi.Mcp.Tests --filter FullyQualifiedName~ToolsListSnapshotTests";

    private static readonly JsonSerializerOptions GoldenFormat = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public void Tools_list_matches_the_golden_file()
    {
        var actual = Snapshot();

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var source = RepositoryFiles.PathOf("tests", "DryApi.Mcp.Tests", "Catalog", GoldenFileName)
                ?? throw new InvalidOperationException("UPDATE_GOLDEN=1 needs the checkout (DryApi.Mcp.sln) above the test output.");
            File.WriteAllText(source, actual);
            return;
        }

        var goldenPath = Path.Combine(AppContext.BaseDirectory, "Catalog", GoldenFileName);
        Assert.True(File.Exists(goldenPath), $"{goldenPath} is missing. Create it with: {UpdateCommand}");
        var expected = File.ReadAllText(goldenPath).ReplaceLineEndings("\n");

        if (expected != actual)
        {
            Assert.Fail(
                $"tools/list differs from {GoldenFileName} at {FirstDifference(expected, actual)}. If the change is intended, " +
                $"update the golden file with `{UpdateCommand}` and review its diff.");
        }
    }

    [Fact]
    public void The_readme_tools_table_lists_exactly_the_tools_of_the_snapshot()
    {
        var readme = RepositoryFiles.PathOf("README.md");
        Assert.SkipUnless(readme is not null && File.Exists(readme), "README.md is not beside the test output's checkout.");

        var documented = ReadmeToolNames(File.ReadAllText(readme));
        var listed = JsonNode.Parse(Snapshot())!["tools"]!.AsArray().Select(tool => (string)tool!["name"]!).ToList();

        Assert.True(documented.Count > 0, "README.md has no '## Tools' table with a `tool_name` in each row's first cell.");
        Assert.Empty(listed.Except(documented));
        Assert.Empty(documented.Except(listed));
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    /// <summary><c>tools/list</c> as the protocol serializes it, indented, with each tool in catalog order.</summary>
    private static string Snapshot()
    {
        var tools = new JsonArray([.. new ToolCatalog().All.Select(tool => JsonSerializer.SerializeToNode(tool.ProtocolTool, McpJsonUtilities.DefaultOptions))]);
        return new JsonObject { ["tools"] = tools }.ToJsonString(GoldenFormat).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>The tool names in the first cell of the rows of README.md's "## Tools" section.</summary>
    private static List<string> ReadmeToolNames(string readme)
    {
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, line => line.Trim() == "## Tools");
        if (start < 0)
        {
            return [];
        }

        return lines.Skip(start + 1)
            .TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal))
            .Select(line => ToolRow().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["name"].Value)
            .ToList();
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var index = 0; index < Math.Max(expectedLines.Length, actualLines.Length); index++)
        {
            var wanted = index < expectedLines.Length ? expectedLines[index] : "(end of file)";
            var got = index < actualLines.Length ? actualLines[index] : "(end of file)";
            if (wanted != got)
            {
                return $"line {index + 1}: expected `{wanted.Trim()}`, got `{got.Trim()}`";
            }
        }

        return "the end of the file";
    }

    [GeneratedRegex(@"^\|\s*`(?<name>[a-z0-9_]+)`\s*\|")]
    private static partial Regex ToolRow();
}
