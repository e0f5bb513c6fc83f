using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Client.Responses;
using Microsoft.Extensions.AI;

namespace DryApi.Mcp.Tools;

/// <summary>
/// The input and output schemas of the tools, in the subset every client accepts: one <c>type</c> per schema (clients
/// that map schemas onto a single-type dialect, such as Gemini's function declarations, reject <c>["string","null"]</c>)
/// and no bare <c>true</c>. A value that may be null is simply optional: tool results are written without null
/// properties (<see cref="ToolJson"/>), and a null argument is read as an absent one.
/// </summary>
internal static class ToolSchemas
{
    private static readonly AIJsonSchemaCreateOptions Options = new()
    {
        TransformSchemaNode = (context, node) =>
            context.GetCustomAttribute<StringOrStringListAttribute>() is { } stringOrList ? stringOrList.Schema(node)
            : context.TypeInfo.Type == typeof(ModelInfo) ? ModelInfoSchema()
            : node,
    };

    /// <summary>The schema of <paramref name="type"/> as written by <see cref="ToolJson"/>, without the <paramref name="hidden"/> properties.</summary>
    public static JsonElement For(Type type, IReadOnlySet<string>? hidden = null)
    {
        var schema = AIJsonUtilities.CreateJsonSchema(type, serializerOptions: ToolJson.Options, inferenceOptions: Options);
        var node = JsonNode.Parse(schema.GetRawText())!;
        MakeNullablesOptional(node);
        if (hidden is { Count: > 0 } && node["properties"] is JsonObject properties)
        {
            foreach (var name in hidden)
            {
                properties.Remove(name);
            }
        }

        return JsonSerializer.SerializeToElement(node, ToolJson.Options);
    }

    /// <summary>Every property typed <c>[T, "null"]</c>, at any depth, becomes type T and is no longer required.</summary>
    private static void MakeNullablesOptional(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, property) in properties)
                    {
                        if (property is JsonObject propertySchema && DropNull(propertySchema)
                            && schema["required"] is JsonArray required
                            && required.FirstOrDefault(entry => entry?.GetValue<string>() == name) is { } requirement)
                        {
                            required.Remove(requirement);
                        }
                    }
                }

                foreach (var (_, child) in schema)
                {
                    MakeNullablesOptional(child);
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    MakeNullablesOptional(item);
                }

                break;
        }
    }

    /// <summary>Turns <c>"type": [T, "null"]</c> into <c>"type": T</c> (and drops null from an enum); true when it did.</summary>
    private static bool DropNull(JsonObject schema)
    {
        if (schema["type"] is not JsonArray types || !types.Any(type => type?.GetValue<string>() == "null"))
        {
            return false;
        }

        var others = types.Select(type => type!.GetValue<string>()).Where(type => type != "null").ToList();
        schema["type"] = others.Count == 1 ? others[0] : new JsonArray([.. others.Select(type => (JsonNode)type)]);
        if (schema["enum"] is JsonArray values)
        {
            schema["enum"] = new JsonArray([.. values.Where(value => value is not null).Select(value => value!.DeepClone())]);
        }

        return true;
    }

    /// <summary>A model's info as <see cref="ModelInfo"/>'s converter writes it: three objects of named values.</summary>
    private static JsonObject ModelInfoSchema()
    {
        static JsonObject Section(string description) =>
            new() { ["type"] = "object", ["description"] = description, ["additionalProperties"] = true };

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["limits"] = Section("Limits by name, e.g. max_width, max_input_images."),
                ["features"] = Section("Feature flags by name."),
                ["defaults"] = Section("Default parameter values by name."),
            },
            ["additionalProperties"] = false,
        };
    }
}
