using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;

namespace DryApi.Client.Tests.Contract;

/// <summary>
/// Reads one OpenAPI operation into a <see cref="DocumentedOperation"/>: its body encoding, the fields of its
/// body (the union of a <c>oneOf</c> body's alternatives) or of its query and path parameters, and the
/// <c>required</c> lists of the alternatives.
/// </summary>
internal sealed class DocumentedOperationReader(OpenApiDocument document)
{
    private const string Json = "application/json";
    private const string Multipart = "multipart/form-data";

    public DocumentedOperation Read(string documentPath, string verb, JsonObject operation, JsonArray sharedParameters)
    {
        var operationId = (string?)operation["operationId"]
            ?? throw new InvalidDataException($"{verb} {documentPath} has no operationId.");
        var path = documentPath.StartsWith(DryApiOperations.BasePath, StringComparison.Ordinal)
            ? documentPath[DryApiOperations.BasePath.Length..]
            : documentPath;
        var parameters = sharedParameters.Concat(operation["parameters"]?.AsArray() ?? [])
            .Select(p => document.Resolve(p!).AsObject())
            .Where(p => (string?)p["in"] is "query" or "path")
            .ToList();

        try
        {
            return operation["requestBody"] is { } body
                ? ReadBody(operationId, verb, path, document.Resolve(body).AsObject())
                : new DocumentedOperation(
                    operationId,
                    verb.ToUpperInvariant(),
                    path,
                    parameters.Any(p => (string?)p["in"] == "query") ? BodyEncoding.Query : BodyEncoding.None,
                    parameters.Select(ReadParameter).ToList(),
                    []);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"{operationId}: {exception.Message}", exception);
        }
    }

    private DocumentedOperation ReadBody(string operationId, string verb, string path, JsonObject body)
    {
        var content = body["content"]?.AsObject() ?? throw new InvalidDataException("The request body has no content.");
        if (content.Count != 1)
        {
            throw new InvalidDataException($"The request body has {content.Count} content types; one is expected.");
        }

        var (contentType, media) = content.Single();
        var encoding = contentType switch
        {
            Json => BodyEncoding.Json,
            Multipart => BodyEncoding.Multipart,
            _ => throw new InvalidDataException($"The request body's content type {contentType} is not JSON or multipart."),
        };
        var schema = Resolve(media?["schema"]);
        var alternatives = (schema["oneOf"]?.AsArray() ?? []).Select(a => Resolve(a)).ToList();
        var required = RequiredNames(schema);

        var fields = new List<WireField>();
        foreach (var (name, property) in new[] { schema }.Concat(alternatives).SelectMany(Properties))
        {
            var field = ReadField(name, Resolve(property), required.Contains(name));
            var earlier = fields.Find(f => f.Name == name);
            if (earlier is null)
            {
                fields.Add(field);
            }
            else if (!ContractFacts.FieldAspects.All(a => ContractFacts.Describe(earlier, a) == ContractFacts.Describe(field, a)))
            {
                throw new InvalidDataException($"The oneOf alternatives describe '{name}' differently.");
            }
        }

        return new DocumentedOperation(
            operationId, verb.ToUpperInvariant(), path, encoding, fields, [.. alternatives.Select(RequiredNames)]);
    }

    private WireField ReadParameter(JsonObject parameter)
    {
        var name = (string?)parameter["name"] ?? throw new InvalidDataException("A parameter has no name.");
        return ReadField(name, Resolve(parameter["schema"]), (bool?)parameter["required"] ?? false);
    }

    private WireField ReadField(string name, JsonObject schema, bool required)
    {
        try
        {
            var type = ReadType(schema);
            var items = schema["items"] is { } itemsNode ? Resolve(itemsNode) : null;
            return new WireField(name, type)
            {
                Required = required,
                Nullable = (bool?)schema["nullable"] ?? false,
                Enum = ReadEnum(type is WireType.StringArray ? items! : schema),
                Minimum = (double?)schema["minimum"],
                Maximum = (double?)schema["maximum"],
                MinLength = (int?)schema["minLength"],
                MaxLength = (int?)schema["maxLength"],
                MaxItems = ReadMaxItems(schema),
                Format = (string?)schema["format"] is { } format and not "binary" ? format : null,
            };
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"field '{name}': {exception.Message}", exception);
        }
    }

    private WireType ReadType(JsonObject schema)
    {
        if (schema["oneOf"] is JsonArray alternatives)
        {
            var types = alternatives.Select(a => ReadType(Resolve(a))).ToHashSet();
            return types.SetEquals([WireType.String, WireType.StringArray])
                ? WireType.StringOrStringArray
                : throw new InvalidDataException($"A oneOf of {string.Join(", ", types)} has no wire type.");
        }

        var type = (string?)schema["type"];
        var binary = (string?)schema["format"] == "binary";
        return type switch
        {
            "string" => binary ? WireType.File : WireType.String,
            "integer" => WireType.Integer,
            "number" => WireType.Number,
            "boolean" => WireType.Boolean,
            "array" => ReadArrayType(Resolve(schema["items"])),
            _ => throw new InvalidDataException($"The schema type '{type}' has no wire type."),
        };
    }

    private static WireType ReadArrayType(JsonObject items) =>
        ((string?)items["type"], (string?)items["format"]) switch
        {
            ("string", "binary") => WireType.FileArray,
            ("string", _) => WireType.StringArray,
            ("object", _) => WireType.LoraArray,
            (null, _) when items["properties"] is not null => WireType.LoraArray,
            var (type, _) => throw new InvalidDataException($"An array of '{type}' has no wire type."),
        };

    private int? ReadMaxItems(JsonObject schema) =>
        (int?)schema["maxItems"]
        ?? (schema["oneOf"]?.AsArray() ?? []).Select(a => (int?)Resolve(a)["maxItems"]).FirstOrDefault(m => m is not null);

    private static List<string>? ReadEnum(JsonObject schema) =>
        schema["enum"]?.AsArray()
            .Select(v => v!.GetValueKind() == JsonValueKind.String ? (string)v! : v.ToJsonString())
            .ToList();

    private static List<string> RequiredNames(JsonObject schema) =>
        (schema["required"]?.AsArray() ?? []).Select(n => (string)n!).ToList();

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Properties(JsonObject schema) =>
        schema["properties"]?.AsObject() ?? [];

    private JsonObject Resolve(JsonNode? node) =>
        node is null
            ? throw new InvalidDataException("A schema is missing.")
            : document.Resolve(node) as JsonObject ?? throw new InvalidDataException($"{node.GetPath()} is not a schema object.");
}
