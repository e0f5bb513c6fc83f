using System.Text.Json.Nodes;

namespace DryApi.Client.Tests.Contract;

/// <summary>
/// dryAPI's OpenAPI document, found beside the repository at <c>../shared/reference/dryapi-openapi.json</c>
/// (relative to the directory holding <c>DryApi.Mcp.sln</c>) and read once into <see cref="DocumentedOperation"/>s.
/// </summary>
internal sealed class OpenApiDocument
{
    private const string SolutionFileName = RepositoryFiles.SolutionFileName;
    private const int MaxReferenceHops = 32;

    private static readonly string[] Verbs = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private static readonly Lazy<OpenApiDocument?> Shared = new(Load);

    private readonly JsonNode root;

    private OpenApiDocument(JsonNode root)
    {
        this.root = root;

        // Everything is read here, under the Lazy's lock: a parsed JsonNode materialises lazily and is not
        // safe to read from tests running in parallel.
        Operations = ReadOperations();
    }

    public IReadOnlyList<DocumentedOperation> Operations { get; }

    /// <summary>The document, or a skipped test when this checkout has no shared reference folder beside it.</summary>
    public static OpenApiDocument LoadOrSkip()
    {
        var document = Shared.Value;
        if (document is null)
        {
            Assert.Skip(
                $"dryAPI's OpenAPI document was not found (looked for {DescribeExpectedLocation()}); "
                + "the contract is not checked against it.");
        }

        return document;
    }

    public DocumentedOperation Operation(string operationId) =>
        Operations.SingleOrDefault(o => o.OperationId == operationId)
        ?? throw new InvalidOperationException($"The OpenAPI document has no operation '{operationId}'.");

    /// <summary>Follows local <c>$ref</c>s (<c>#/components/...</c>) until a node that is not a reference.</summary>
    public JsonNode Resolve(JsonNode node)
    {
        for (var hops = 0; node is JsonObject reference && reference["$ref"] is JsonValue target; hops++)
        {
            if (hops == MaxReferenceHops)
            {
                throw new InvalidDataException($"The $ref chain at {node.GetPath()} does not end.");
            }

            node = Dereference((string)target!);
        }

        return node;
    }

    private static OpenApiDocument? Load()
    {
        var path = LocateDocument();
        return path is not null && File.Exists(path)
            ? new OpenApiDocument(JsonNode.Parse(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path} holds no JSON."))
            : null;
    }

    private static string? LocateDocument() => RepositoryFiles.PathOf("..", "shared", "reference", "dryapi-openapi.json");

    private static string DescribeExpectedLocation() =>
        LocateDocument() ?? $"{SolutionFileName} above {AppContext.BaseDirectory}, then ../shared/reference/dryapi-openapi.json";

    private JsonNode Dereference(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Only local $refs are supported, not '{reference}'.");
        }

        JsonNode? node = root;
        foreach (var segment in reference[2..].Split('/'))
        {
            var key = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonObject parent ? parent[key] : null;
        }

        return node ?? throw new InvalidDataException($"The $ref '{reference}' points at nothing.");
    }

    private List<DocumentedOperation> ReadOperations()
    {
        var paths = root["paths"]?.AsObject() ?? throw new InvalidDataException("The document has no paths.");
        var reader = new DocumentedOperationReader(this);
        var operations = new List<DocumentedOperation>();
        foreach (var (path, pathItemNode) in paths)
        {
            var pathItem = Resolve(pathItemNode!).AsObject();
            var sharedParameters = pathItem["parameters"]?.AsArray() ?? [];
            foreach (var (verb, operation) in pathItem)
            {
                if (Verbs.Contains(verb))
                {
                    operations.Add(reader.Read(path, verb, operation!.AsObject(), sharedParameters));
                }
            }
        }

        return operations;
    }
}
