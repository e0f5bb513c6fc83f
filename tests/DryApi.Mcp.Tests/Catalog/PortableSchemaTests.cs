using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Mcp.Tools;
using ModelContextProtocol;

namespace DryApi.Mcp.Tests.Catalog;

/// <summary>
/// Every tool schema is in the subset every client accepts (what <c>mcp-inspector --strict</c> checks in
/// tests/conformance/run.sh): one type per schema, no bare <c>true</c>/<c>false</c> where a schema object belongs.
/// </summary>
public sealed class PortableSchemaTests
{
    public static TheoryData<string> ToolNames() => [.. new ToolCatalog().All.Select(tool => tool.ProtocolTool.Name)];

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void Every_schema_of_the_tool_has_one_type_and_no_bare_boolean(string name)
    {
        var tool = new ToolCatalog().All.Single(candidate => candidate.ProtocolTool.Name == name).ProtocolTool;
        var problems = new List<string>();

        Inspect(JsonSerializer.SerializeToNode(tool.InputSchema, McpJsonUtilities.DefaultOptions), "inputSchema", problems);
        Inspect(JsonSerializer.SerializeToNode(tool.OutputSchema, McpJsonUtilities.DefaultOptions), "outputSchema", problems);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static void Inspect(JsonNode? schema, string path, List<string> problems)
    {
        if (schema is JsonValue)
        {
            problems.Add($"{path}: a bare {schema.ToJsonString()} where a schema object belongs");
            return;
        }

        if (schema is not JsonObject node)
        {
            return;
        }

        if (node["type"] is JsonArray types)
        {
            problems.Add($"{path}.type is a list, {types.ToJsonString()}");
        }

        foreach (var keyword in (string[])["properties", "$defs"])
        {
            if (node[keyword] is JsonObject children)
            {
                foreach (var (name, child) in children)
                {
                    Inspect(child, $"{path}.{keyword}.{name}", problems);
                }
            }
        }

        foreach (var keyword in (string[])["items", "additionalProperties"])
        {
            if (node[keyword] is JsonObject child)
            {
                Inspect(child, $"{path}.{keyword}", problems);
            }
        }

        foreach (var keyword in (string[])["anyOf", "oneOf", "allOf"])
        {
            if (node[keyword] is JsonArray branches)
            {
                foreach (var branch in branches)
                {
                    Inspect(branch, $"{path}.{keyword}[]", problems);
                }
            }
        }
    }
}
