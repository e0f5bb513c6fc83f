using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace DryApi.Mcp.Tests.Hostile;

/// <summary>A value put in place of one argument, what it is, and whether the server must refuse it.</summary>
internal sealed record Mutation(JsonNode? Value, string Description, bool MustRefuse);

/// <summary>
/// FsCheck generators read from one property of a tool's <c>inputSchema</c>: values inside the schema (types, enums,
/// minimum/maximum, lengths, item counts, nested objects) and values outside it.
/// </summary>
internal static class SchemaValues
{
    /// <summary>Strings no agent should send, but some will: control characters, bidi overrides, joiners, astral and non-characters.</summary>
    private static readonly string[] OddUnicode =
    [
        "\0", "\u0001\u001f", "\u202Eevil\u202C", "\u200B\u200D\uFEFF", "🦊🏳️‍🌈", "e\u0301\u0301\u0301", "\uFFFF\uFFFE", "\U0010FFFF",
        "line\r\nbreak", "\"quoted\" \\ backslash", "<script>alert(1)</script>", "'; DROP TABLE jobs; --", "%00%0d%0a", "{{7*7}}",
    ];

    private static readonly string[] Words = ["fox", "snow", "a", "red", "portrait", "city", "night", "café", "東京", "x"];

    public static Gen<JsonNode?> Valid(JsonObject property, FileKind file)
    {
        if (file != FileKind.None)
        {
            return ValidFile(file, property);
        }

        if (property["anyOf"] is JsonArray alternatives)
        {
            return Gen.OneOf(alternatives.OfType<JsonObject>().Select(alternative => Valid(alternative, FileKind.None)));
        }

        if (property["enum"] is JsonArray values)
        {
            return Gen.Elements(values.Where(value => value is not null).Select(value => value!.DeepClone()).ToArray()).Select(value => (JsonNode?)value);
        }

        return PrimaryType(property) switch
        {
            "integer" => ValidInteger(property),
            "number" => ValidNumber(property),
            "string" => ValidString(property),
            "boolean" => Gen.Elements(true, false).Select(value => (JsonNode?)value),
            "array" => ValidArray(property),
            "object" => ValidObject(property),
            _ => Gen.Constant<JsonNode?>(null),
        };
    }

    /// <summary>Replacements for one argument outside its schema, each marked whether the server must refuse it.</summary>
    public static Gen<Mutation> Invalid(JsonObject property, bool required, FileKind file)
    {
        var types = Types(property);
        var nullable = types.Contains("null");
        var mutations = new List<Gen<Mutation>>
        {
            // An optional argument given as null is read as absent (ToolSchemas: no schema says null, so clients never need it).
            Gen.Constant(new Mutation(null, "null", MustRefuse: required && !nullable)),
            Gen.Constant(new Mutation(Nested(40), "object nested 40 deep", MustRefuse: !types.Contains("object"))),
            Gen.Constant(new Mutation(new JsonArray(new JsonArray(new JsonArray(new JsonArray()))), "nested empty arrays", MustRefuse: !types.Contains("array") || ItemType(property) != "array")),
        };
        if (!types.Contains("string") && !IsAnyOfWith(property, "string"))
        {
            mutations.Add(Gen.Elements("text", "12abc", "NaN", "Infinity", "", "true").Select(text => new Mutation(text, $"string '{text}' for {string.Join("|", types)}", MustRefuse: true)));
        }

        if (!types.Contains("integer") && !types.Contains("number"))
        {
            mutations.Add(Gen.Elements(0, -1, 42, int.MaxValue).Select(number => new Mutation(number, $"number {number} for {string.Join("|", types)}", MustRefuse: true)));
        }

        if (!types.Contains("boolean"))
        {
            mutations.Add(Gen.Elements(true, false).Select(flag => new Mutation(flag, $"boolean {flag} for {string.Join("|", types)}", MustRefuse: true)));
        }

        if (!types.Contains("object"))
        {
            mutations.Add(Gen.Constant(new Mutation(new JsonObject { ["value"] = 1 }, "object for " + string.Join("|", types), MustRefuse: true)));
        }

        if (!types.Contains("array") && !IsAnyOfWith(property, "array"))
        {
            mutations.Add(Gen.Constant(new Mutation(new JsonArray(1, "two"), "array for " + string.Join("|", types), MustRefuse: true)));
        }

        mutations.AddRange(PrimaryType(property) switch
        {
            "integer" => InvalidIntegers(property),
            "number" => InvalidNumbers(property),
            "string" when file != FileKind.None => [InvalidFiles()],
            "string" => InvalidStrings(property),
            "array" => InvalidArrays(property, file),
            _ => [],
        });
        if (IsAnyOfWith(property, "array"))
        {
            mutations.Add(Gen.Constant(new Mutation(new JsonArray(1, 2), "list of numbers for a list of strings", MustRefuse: true)));
            mutations.Add(Gen.Constant(new Mutation(new JsonArray(), "empty list", MustRefuse: true)));
        }

        return Gen.OneOf(mutations);
    }

    private static Gen<JsonNode?> ValidInteger(JsonObject property)
    {
        var min = (int)Math.Clamp(Number(property, "minimum") ?? -1000, int.MinValue, int.MaxValue);
        var max = (int)Math.Clamp(Number(property, "maximum") ?? 100_000, int.MinValue, int.MaxValue);
        return Gen.Frequency((1, Gen.Constant(min)), (1, Gen.Constant(max)), (4, Gen.Choose(min, max))).Select(value => (JsonNode?)value);
    }

    private static Gen<JsonNode?> ValidNumber(JsonObject property)
    {
        var min = Math.Max(Number(property, "minimum") ?? -1000, -1e6);
        var max = Math.Min(Number(property, "maximum") ?? 1000, 1e6);
        return Gen.Frequency(
                (1, Gen.Constant(min)),
                (1, Gen.Constant(max)),
                (4, Gen.Choose(0, 10_000).Select(step => min + ((max - min) * step / 10_000d))))
            .Select(value => (JsonNode?)JsonValue.Create(value));
    }

    private static Gen<JsonNode?> ValidString(JsonObject property)
    {
        var min = (int)(Number(property, "minLength") ?? 0);
        var max = (int)Math.Min(Number(property, "maxLength") ?? 400, 400);
        var words = Gen.ListOf(Gen.Elements(Words)).Select(list => string.Join(' ', list));
        return Gen.OneOf(words, Gen.Elements(OddUnicode), Gen.Elements("https://example.com/hook", "en", "json", "1"))
            .Select(text => text.Length > max ? text[..max] : text)
            .Where(text => text.Length >= min && !char.IsLowSurrogate(text.Length > 0 ? text[^1] : 'a') && !char.IsHighSurrogate(text.Length > 0 ? text[^1] : 'a'))
            .Select(text => (JsonNode?)text);
    }

    private static Gen<JsonNode?> ValidArray(JsonObject property)
    {
        var item = property["items"] as JsonObject ?? [];
        var min = (int)(Number(property, "minItems") ?? 0);
        var max = (int)Math.Min(Number(property, "maxItems") ?? 3, 3);
        return Gen.Choose(min, Math.Max(min, max))
            .SelectMany(count => Gen.ArrayOf(Valid(item, FileKind.None), count))
            .Select(items => (JsonNode?)new JsonArray(items.Select(value => value?.DeepClone()).ToArray()));
    }

    private static Gen<JsonNode?> ValidObject(JsonObject property)
    {
        var required = (property["required"] as JsonArray)?.Select(name => name!.GetValue<string>()).ToHashSet() ?? [];
        var members = (property["properties"] as JsonObject ?? []).Select(member =>
            (Name: member.Key, Value: Valid((JsonObject)member.Value!, FileKind.None), Required: required.Contains(member.Key)));
        return Gen.CollectToArray(members, member =>
                member.Required
                    ? member.Value.Select(value => (member.Name, Value: value, Keep: true))
                    : member.Value.Zip(Gen.Elements(true, false), (value, keep) => (member.Name, Value: value, Keep: keep)))
            .Select(chosen =>
            {
                var result = new JsonObject();
                foreach (var (name, value, keep) in chosen.Where(member => member.Keep))
                {
                    result[name] = value?.DeepClone();
                }

                return (JsonNode?)result;
            });
    }

    private static Gen<JsonNode?> ValidFile(FileKind file, JsonObject property)
    {
        var one = Gen.Elements(ValidFileValues(file));
        return PrimaryType(property) == "array"
            ? Gen.Choose(1, 2).SelectMany(count => Gen.ArrayOf(one, count)).Select(items => (JsonNode?)new JsonArray(items.Select(item => (JsonNode?)item).ToArray()))
            : one.Select(value => (JsonNode?)value);
    }

    private static string[] ValidFileValues(FileKind file) => file switch
    {
        FileKind.Image => [MediaSamples.Png, "data:image/png;base64," + MediaSamples.Png, MediaSamples.Png.TrimEnd('=').Replace('+', '-').Replace('/', '_')],
        FileKind.Audio => [MediaSamples.Wav, "data:audio/wav;base64," + MediaSamples.Wav],
        _ => [MediaSamples.Mp4, "data:video/mp4;base64," + MediaSamples.Mp4],
    };

    private static List<Gen<Mutation>> InvalidIntegers(JsonObject property)
    {
        var mutations = new List<Gen<Mutation>>
        {
            Gen.Elements("1.5", "1e400", "-1e400", "99999999999999999999", "1E2", "-0.0000001")
                .Select(raw => new Mutation(JsonNode.Parse(raw), $"number {raw} for an integer", MustRefuse: true)),
        };
        if (Number(property, "minimum") is { } min && min > int.MinValue)
        {
            mutations.Add(Gen.Constant(new Mutation((long)min - 1, $"{(long)min - 1}, below the minimum", MustRefuse: true)));
        }

        if (Number(property, "maximum") is { } max && max < int.MaxValue)
        {
            mutations.Add(Gen.Constant(new Mutation((long)max + 1, $"{(long)max + 1}, above the maximum", MustRefuse: true)));
        }

        return mutations;
    }

    private static List<Gen<Mutation>> InvalidNumbers(JsonObject property)
    {
        var mutations = new List<Gen<Mutation>>
        {
            Gen.Elements("1e400", "-1e400", "4.9e-325", "123456789012345678901234567890")
                .Select(raw => new Mutation(JsonNode.Parse(raw), $"number {raw}", MustRefuse: false)),
        };
        if (Number(property, "minimum") is { } min)
        {
            mutations.Add(Gen.Constant(new Mutation(JsonValue.Create(min - 0.5), $"{min - 0.5}, below the minimum", MustRefuse: true)));
        }

        if (Number(property, "maximum") is { } max && max < 1e300)
        {
            mutations.Add(Gen.Constant(new Mutation(JsonValue.Create(max + 0.5), $"{max + 0.5}, above the maximum", MustRefuse: true)));
        }

        return mutations;
    }

    private static List<Gen<Mutation>> InvalidStrings(JsonObject property)
    {
        var min = Number(property, "minLength");
        var max = Number(property, "maxLength");
        var mutations = new List<Gen<Mutation>>
        {
            Gen.Constant(new Mutation(string.Empty, "empty string", MustRefuse: min >= 1)),
            Gen.Elements(OddUnicode).Select(text => new Mutation(text, "odd unicode " + Escape(text), MustRefuse: property["enum"] is not null)),
            Gen.Elements(100_000, 300_000).Select(length => new Mutation(new string('x', length), $"string of {length} characters", MustRefuse: max < length)),
            Gen.Elements("http://127.0.0.1:1/", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "javascript:alert(1)")
                .Select(url => new Mutation(url, "URL " + url, MustRefuse: property["enum"] is not null)),
        };
        if (max is { } longest)
        {
            mutations.Add(Gen.Constant(new Mutation(new string('y', (int)longest + 1), $"{longest + 1} characters, above maxLength", MustRefuse: true)));
        }

        if (property["enum"] is JsonArray values && values.OfType<JsonValue>().Select(value => value.ToString()).FirstOrDefault() is { } first)
        {
            mutations.Add(Gen.Elements("not_a_choice", first + " ", first.ToUpperInvariant() + "X")
                .Select(text => new Mutation(text, $"'{text}', not in the enum", MustRefuse: true)));
        }

        return mutations;
    }

    private static List<Gen<Mutation>> InvalidArrays(JsonObject property, FileKind file)
    {
        var mutations = new List<Gen<Mutation>>
        {
            Gen.Constant(new Mutation(new JsonArray(42), "list holding a number", MustRefuse: (property["items"] as JsonObject) is { } item && PrimaryType(item) != "number")),
            Gen.Constant(new Mutation(new JsonArray((JsonNode?)null), "list holding null", MustRefuse: false)),
        };
        if (Number(property, "minItems") is >= 1)
        {
            mutations.Add(Gen.Constant(new Mutation(new JsonArray(), "empty list, below minItems", MustRefuse: true)));
        }

        if (Number(property, "maxItems") is { } max and < 10_000)
        {
            var items = Enumerable.Range(0, (int)max + 1).Select(index => (JsonNode?)("t" + index.ToString(CultureInfo.InvariantCulture))).ToArray();
            mutations.Add(Gen.Constant(new Mutation(new JsonArray(items), $"{max + 1} items, above maxItems", MustRefuse: true)));
        }

        if (file != FileKind.None)
        {
            mutations.Add(InvalidFiles().Select(mutation => mutation with
            {
                Value = new JsonArray(JsonValue.Create(MediaSamples.Png), mutation.Value?.DeepClone()),
                Description = "second item: " + mutation.Description,
            }));
        }

        if (property["items"] is JsonObject itemSchema && itemSchema["properties"] is JsonObject members)
        {
            var name = members.First().Key;
            mutations.Add(Gen.Elements(
                    new Mutation(new JsonArray(new JsonObject { ["weight"] = 1 }), $"item without '{name}'", MustRefuse: true),
                    new Mutation(new JsonArray(new JsonObject { [name] = "a", ["weight"] = -1, }), "item with weight -1", MustRefuse: true),
                    new Mutation(new JsonArray(new JsonObject { [name] = "a", ["weight"] = 1, ["surprise"] = true }), "item with an unknown member", MustRefuse: true),
                    new Mutation(new JsonArray(new JsonObject { [name] = "a", ["weight"] = "heavy" }), "item with a string weight", MustRefuse: true)));
        }

        return mutations;
    }

    /// <summary>File arguments that are no usable file: junk, non-media bytes, wrong data URIs, and URLs to places the server must not fetch.</summary>
    private static Gen<Mutation> InvalidFiles() => Gen.Frequency(
        (20, Gen.Elements(
                "!!!not base64!!!", "AAAA", "====", " ", "data:image/png,rawtext", "data:image/png;base64,", "data:;base64,QUJD",
                "data:image/png;base64," + MediaSamples.Wav, Convert.ToBase64String("just some text"u8.ToArray()),
                "http://127.0.0.1:1/a.png", "http://localhost/a.png", "http://10.0.0.1/a.png", "http://169.254.169.254/latest/meta-data/",
                "http://[::1]/a.png", "http://[::ffff:127.0.0.1]/a.png", "http://100.64.0.1/a.png", "http://0.0.0.0/a.png", "http://192.168.1.1/a.png",
                "https://[fe80::1]/a.png", "http://2130706433/a.png", "http://0x7f.0.0.1/a.png", "file:///etc/passwd", "ftp://127.0.0.1/a.png",
                "gopher://127.0.0.1:25/", "http://", "https://user:pass@127.0.0.1/a.png")
            .Select(value => new Mutation(value, "file " + Escape(value.Length > 48 ? value[..48] + "…" : value), MustRefuse: true))),
        // Identified by content, a cut PNG is still a PNG; dryAPI may refuse it, or quote it.
        (1, Gen.Constant(new Mutation(MediaSamples.Png[..40], "file: a PNG cut after its header", MustRefuse: false))));

    public static JsonNode Nested(int depth)
    {
        JsonNode node = JsonValue.Create(depth);
        for (var level = 0; level < depth; level++)
        {
            node = new JsonObject { ["n"] = node };
        }

        return node;
    }

    private static bool IsAnyOfWith(JsonObject property, string type) =>
        property["anyOf"] is JsonArray alternatives && alternatives.OfType<JsonObject>().Any(alternative => Types(alternative).Contains(type));

    private static string? ItemType(JsonObject property) => property["items"] is JsonObject item ? PrimaryType(item) : null;

    public static IReadOnlyList<string> Types(JsonObject property) => property["type"] switch
    {
        JsonArray types => [.. types.Select(type => type!.GetValue<string>())],
        JsonValue type => [type.GetValue<string>()],
        _ => [],
    };

    private static string? PrimaryType(JsonObject property) => Types(property).FirstOrDefault(type => type != "null");

    private static double? Number(JsonObject property, string keyword) => property[keyword] is JsonValue value ? value.GetValue<double>() : null;

    private static string Escape(string text) =>
        string.Concat(text.Select(character =>
            character is < ' ' or > '~' ? "\\u" + ((int)character).ToString("X4", CultureInfo.InvariantCulture) : character.ToString()));
}
