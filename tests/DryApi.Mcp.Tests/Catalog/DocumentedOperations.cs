using System.Text.Json;
using System.Text.Json.Nodes;

namespace DryApi.Mcp.Tests.Catalog;

/// <summary>What the catalog must honour of one operation of dryAPI's OpenAPI document.</summary>
internal sealed record DocumentedOperation(
    string OperationId,
    IReadOnlyList<string> Required,
    IReadOnlyList<IReadOnlyList<string>> RequiredAlternatives,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Enums);

/// <summary>
/// dryAPI's OpenAPI document, <c>../shared/reference/dryapi-openapi.json</c> beside the checkout, read once into
/// <see cref="DocumentedOperation"/>s: required body fields and parameters, the <c>required</c> lists of a <c>oneOf</c>
/// body, and every field's enum.
/// </summary>
internal static class DocumentedOperations
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch"];
    private static readonly Lazy<IReadOnlyList<DocumentedOperation>?> Shared = new(Load);

    private static string? DocumentPath => RepositoryFiles.PathOf("..", "shared", "reference", "dryapi-openapi.json");

    /// <summary>The document's operations, or a skipped test when this checkout has no shared reference folder beside it.</summary>
    public static IReadOnlyList<DocumentedOperation> LoadOrSkip()
    {
        var operations = Shared.Value;
        if (operations is null)
        {
            Assert.Skip($"dryAPI's OpenAPI document was not found (looked for {DocumentPath ?? "DryApi.Mcp.sln above " + AppContext.BaseDirectory}); " +
                        "the tool catalog is not checked against it.");
        }

        return operations;
    }

    private static List<DocumentedOperation>? Load()
    {
        var path = DocumentPath;
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} holds no JSON.");
        var operations = new List<DocumentedOperation>();
        foreach (var (_, pathItem) in root["paths"]!.AsObject())
        {
            foreach (var (verb, operation) in Resolve(root, pathItem!).AsObject())
            {
                if (Verbs.Contains(verb))
                {
                    operations.Add(Read(root, operation!.AsObject()));
                }
            }
        }

        return operations;
    }

    private static DocumentedOperation Read(JsonNode root, JsonObject operation)
    {
        var required = new List<string>();
        var alternatives = new List<IReadOnlyList<string>>();
        var enums = new Dictionary<string, IReadOnlyList<string>>();

        // Headers (Accept, Authorization) are the client's business, not a tool's.
        var parameters = (operation["parameters"]?.AsArray() ?? []).Select(node => Resolve(root, node!)).Where(parameter => (string?)parameter["in"] is "query" or "path");
        foreach (var parameter in parameters)
        {
            var name = (string)parameter["name"]!;
            if ((bool?)parameter["required"] == true)
            {
                required.Add(name);
            }

            AddEnum(enums, name, parameter["schema"] is { } schema ? Resolve(root, schema) : null);
        }

        if (operation["requestBody"] is { } body)
        {
            foreach (var (_, media) in Resolve(root, body)["content"]!.AsObject())
            {
                var schema = Resolve(root, media!["schema"]!);
                required.AddRange(Names(schema["required"]));
                var forms = (schema["oneOf"]?.AsArray() ?? []).Select(node => Resolve(root, node!)).ToList();
                alternatives.AddRange(forms.Select(form => (IReadOnlyList<string>)Names(form["required"])));
                foreach (var form in forms.Prepend(schema))
                {
                    foreach (var (name, property) in form["properties"]?.AsObject() ?? [])
                    {
                        AddEnum(enums, name, Resolve(root, property!));
                    }
                }
            }
        }

        return new DocumentedOperation((string)operation["operationId"]!, required.Distinct().ToList(), alternatives, enums);
    }

    private static void AddEnum(Dictionary<string, IReadOnlyList<string>> enums, string name, JsonNode? schema)
    {
        if (schema?["enum"] is JsonArray values)
        {
            enums[name] = values.Select(value => value!.GetValueKind() == JsonValueKind.String ? (string)value! : value.ToJsonString()).ToList();
        }
    }

    private static List<string> Names(JsonNode? list) => (list?.AsArray() ?? []).Select(name => (string)name!).ToList();

    private static JsonNode Resolve(JsonNode root, JsonNode node)
    {
        while (node is JsonObject reference && reference["$ref"] is JsonValue target)
        {
            node = ((string)target!)[2..].Split('/').Aggregate(root, (parent, segment) => parent[segment.Replace("~1", "/", StringComparison.Ordinal)]!);
        }

        return node;
    }
}
