using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;

namespace DryApi.Mcp.Tools;

/// <summary>
/// How tool arguments and structured results are written: dryAPI's own wire names (snake_case), so an agent that
/// knows dryAPI's documentation already knows the tools. Names match exactly, as the schemas declare them
/// (<c>additionalProperties: false</c>): <c>Image</c> is no <c>image</c>, so no step can read one where another reads the other.
/// </summary>
internal static class ToolJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
