using System.Text.Json.Nodes;

namespace DryApi.Mcp.Tools;

/// <summary>
/// Marks an argument that takes a string or a list of strings (held as a <c>JsonElement</c>), so its schema says so
/// rather than accepting anything.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class StringOrStringListAttribute(int maxItems) : Attribute
{
    public int MaxItems { get; } = maxItems;

    public JsonNode Schema(JsonNode inferred)
    {
        var schema = new JsonObject();
        if (inferred is JsonObject original && original["description"] is { } description)
        {
            schema["description"] = description.DeepClone();
        }

        schema["anyOf"] = new JsonArray(
            new JsonObject { ["type"] = "string" },
            new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["minItems"] = 1, ["maxItems"] = MaxItems });
        return schema;
    }
}
