using System.Text.Json;
using DryApi.Mcp.Tools;

namespace DryApi.Mcp.Tests.Catalog;

/// <summary>A tool's input schema as a client sees it, addressed by dryAPI's wire names.</summary>
internal sealed class ToolSchema(DryApiTool tool)
{
    /// <summary>Wire fields the server sets itself, which are therefore no tool argument.</summary>
    public static readonly IReadOnlySet<string> SetByServer = new HashSet<string> { "return_result_in_response" };

    /// <summary>
    /// Wire fields dryAPI requires that a job tool may leave out: the server picks the model and fills these from its
    /// <c>info.defaults</c> (refusing, naming the argument, when the model has no default).
    /// </summary>
    public static readonly IReadOnlySet<string> SuppliedFromModel = new HashSet<string>
    {
        "model", "width", "height", "steps", "guidance", "frames", "lang", "speed", "format", "sample_rate", "lyrics", "duration",
        "inference_steps", "guidance_scale",
    };

    private readonly JsonElement schema = tool.ProtocolTool.InputSchema;

    public string ToolName => tool.ProtocolTool.Name;

    public IReadOnlyList<string> Arguments =>
        schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(property => property.Name).ToList() : [];

    public IReadOnlyList<string> RequiredArguments =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(name => name.GetString()!).ToList() : [];

    /// <summary>The argument that carries a wire field: <c>images[]</c> is the list argument <c>images</c>.</summary>
    public static string ArgumentFor(string wireField) => wireField.EndsWith("[]", StringComparison.Ordinal) ? wireField[..^2] : wireField;

    public bool Has(string wireField) => Arguments.Contains(ArgumentFor(wireField));

    public bool Requires(string wireField) => RequiredArguments.Contains(ArgumentFor(wireField));

    public JsonElement? Property(string wireField) =>
        schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(ArgumentFor(wireField), out var property) ? property : null;

    public string Description(string wireField) =>
        Property(wireField) is { } property && property.TryGetProperty("description", out var description) ? description.GetString() ?? string.Empty : string.Empty;

    /// <summary>The property's enum as strings (numbers as their JSON text), without the <c>null</c> of a nullable one.</summary>
    public IReadOnlyList<string>? Enum(string argument) =>
        Property(argument) is { } property && property.TryGetProperty("enum", out var values)
            ? values.EnumerateArray()
                .Where(value => value.ValueKind != JsonValueKind.Null)
                .Select(value => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText())
                .ToList()
            : null;
}
