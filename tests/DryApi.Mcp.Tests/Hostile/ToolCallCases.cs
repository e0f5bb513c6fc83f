using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Hostile;

/// <summary>What kind of file an argument carries, if any.</summary>
internal enum FileKind
{
    None,
    Image,
    Audio,
    Video,
}

/// <summary>Valid media, encoded once, for file arguments generated inside their schema.</summary>
internal static class MediaSamples
{
    public static readonly string Png = ToolSamples.Png(64); // within every image model's input limits (32–2048 px)
    public static readonly string Wav = ToolSamples.Wav(1);
    public static readonly string Mp4 = ToolSamples.Mp4();
}

/// <summary>
/// One generated <c>tools/call</c>. <see cref="Field"/> is the argument it mutated (null when every argument stayed in
/// its schema); when <see cref="MustRefuse"/> the server must answer <c>isError</c> naming that argument.
/// </summary>
internal sealed record ToolCallCase(string Tool, string Category, string? Field, string Mutation, bool MustRefuse, JsonObject Arguments)
{
    public override string ToString()
    {
        var arguments = Arguments.ToJsonString();
        return $"{Tool} [{Category}{(Field is null ? string.Empty : $" '{Field}': {Mutation}")}] {(arguments.Length > 400 ? arguments[..400] + "…" : arguments)}";
    }
}

/// <summary>
/// Generates calls of one tool from its <c>inputSchema</c> and a valid sample: arguments varied inside the schema,
/// one argument put outside it, an unknown argument, a required one left out.
/// </summary>
internal static class ToolCallCases
{
    private static readonly HashSet<string> ImageArguments = ["image", "images", "first_frame_image", "last_frame_image"];
    private static readonly HashSet<string> AudioArguments = ["audio", "ref_audio", "reference_audio"];

    public static Gen<ToolCallCase> For(string tool, JsonObject schema, JsonObject sample)
    {
        var properties = (schema["properties"] as JsonObject ?? []).Select(property => (Name: property.Key, Schema: (JsonObject)property.Value!)).ToList();
        var required = (schema["required"] as JsonArray)?.Select(name => name!.GetValue<string>()).ToHashSet() ?? [];

        var cases = new List<(int, Gen<ToolCallCase>)>
        {
            (2, Gen.Elements("bogus", "Prompt", "__proto__", "model ", "", "images[]", "x-" + new string('z', 300))
                .Select(name => new ToolCallCase(tool, "unknown argument", name, "added", MustRefuse: !IsCaseVariant(name, properties), With(sample, name, "value")))),
        };
        if (properties.Count > 0)
        {
            cases.Add((6, Gen.Elements(properties.ToArray()).SelectMany(property =>
                SchemaValues.Invalid(property.Schema, required.Contains(property.Name), KindOf(property.Name)).Select(mutation =>
                    new ToolCallCase(tool, "outside the schema", property.Name, mutation.Description, mutation.MustRefuse,
                        With(sample, property.Name, mutation.Value))))));
            cases.Add((3, Gen.SubListOf(properties.ToArray()).SelectMany(chosen =>
                Gen.CollectToArray(chosen, property => SchemaValues.Valid(property.Schema, KindOf(property.Name)).Select(value => (property.Name, Value: value)))
                    .Select(values => new ToolCallCase(tool, "inside the schema", null, string.Empty, MustRefuse: false, WithAll(sample, values))))));
        }

        if (required.Count > 0)
        {
            cases.Add((1, Gen.Elements(required.ToArray()).Select(name =>
                new ToolCallCase(tool, "required argument missing", name, "removed", MustRefuse: true, Without(sample, name)))));
        }

        return Gen.Frequency(cases);
    }

    /// <summary>Argument names are matched without regard to case (the SDK's JSON options), so <c>Prompt</c> is <c>prompt</c>.</summary>
    private static bool IsCaseVariant(string name, IEnumerable<(string Name, JsonObject Schema)> properties) =>
        properties.Any(property => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase));

    private static FileKind KindOf(string argument) => argument switch
    {
        _ when ImageArguments.Contains(argument) => FileKind.Image,
        _ when AudioArguments.Contains(argument) => FileKind.Audio,
        "video" => FileKind.Video,
        _ => FileKind.None,
    };

    private static JsonObject With(JsonObject sample, string name, JsonNode? value)
    {
        var arguments = (JsonObject)sample.DeepClone();
        arguments[name] = value?.DeepClone();
        return Exclusive(arguments, name);
    }

    private static JsonObject WithAll(JsonObject sample, IEnumerable<(string Name, JsonNode? Value)> values)
    {
        var arguments = (JsonObject)sample.DeepClone();
        foreach (var (name, value) in values)
        {
            arguments[name] = value?.DeepClone();
            arguments = Exclusive(arguments, name);
        }

        return arguments;
    }

    /// <summary>image_to_image takes 'image' or 'images', not both: setting one drops the other, so the case tests what it says.</summary>
    private static JsonObject Exclusive(JsonObject arguments, string name)
    {
        if (name switch { "image" => "images", "images" => "image", _ => null } is { } other)
        {
            arguments.Remove(other);
        }

        return arguments;
    }

    private static JsonObject Without(JsonObject sample, string name)
    {
        var arguments = (JsonObject)sample.DeepClone();
        arguments.Remove(name);
        return arguments;
    }
}
