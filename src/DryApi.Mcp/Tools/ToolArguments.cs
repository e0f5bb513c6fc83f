using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;

namespace DryApi.Mcp.Tools;

/// <summary>Turns a <c>tools/call</c> argument object into a typed arguments record, or a message naming what is wrong.</summary>
internal static class ToolArguments
{
    public static TArguments Bind<TArguments>(IDictionary<string, JsonElement>? arguments)
        where TArguments : class
    {
        var json = JsonSerializer.SerializeToElement(arguments ?? new Dictionary<string, JsonElement>(), ToolJson.Options);
        TArguments? bound;
        try
        {
            bound = json.Deserialize<TArguments>(ToolJson.Options);
        }
        catch (JsonException exception)
        {
            throw Describe<TArguments>(exception);
        }

        if (bound is null)
        {
            throw new ToolArgumentException("arguments", "an object of named arguments is required.");
        }

        Validate(bound);
        return bound;
    }

    /// <summary>
    /// Checks each argument's validation attributes, and those of argument objects inside it (a LoRA in a list), and
    /// says in the argument's wire path (<c>loras[0].weight</c>) what is accepted.
    /// </summary>
    private static void Validate(object arguments, string path = "")
    {
        foreach (var property in ToolJson.Options.GetTypeInfo(arguments.GetType()).Properties)
        {
            if (property.Get is null || property.AttributeProvider is null)
            {
                continue;
            }

            var name = path + property.Name;
            var value = property.Get(arguments);
            if (value is double or float && !double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)))
            {
                // The SDK's JSON options read "NaN" and "Infinity" as numbers; no dryAPI parameter takes them.
                throw new ToolArgumentException(name, $"must be a finite number; got {Format(value)}.");
            }

            foreach (var rule in property.AttributeProvider.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>())
            {
                if (value is not null && !Satisfies(rule, value))
                {
                    throw new ToolArgumentException(name, Explain(rule, value));
                }
            }

            ValidateNested(value, name);
        }
    }

    /// <summary>
    /// A <see cref="RangeAttribute"/> with whole-number bounds converts a fractional value to a whole number before
    /// comparing (100.5 would pass [Range(0, 100)], -0.4 would pass [Range(0, 1_000_000)]), so fractions are compared as they are.
    /// </summary>
    private static bool Satisfies(ValidationAttribute rule, object value) => rule switch
    {
        RangeAttribute range when value is double or float or decimal =>
            Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number
            && number >= Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture)
            && number <= Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture),
        _ => rule.IsValid(value),
    };

    private static void ValidateNested(object? value, string name)
    {
        switch (value)
        {
            case null or string or JsonElement:
                return;
            case System.Collections.IEnumerable items:
                var index = 0;
                foreach (var item in items)
                {
                    if (item is null)
                    {
                        throw new ToolArgumentException($"{name}[{index.ToString(CultureInfo.InvariantCulture)}]", "must not be null; leave the item out of the list.");
                    }

                    if (IsArgumentObject(item))
                    {
                        Validate(item!, $"{name}[{index.ToString(CultureInfo.InvariantCulture)}].");
                    }

                    index++;
                }

                return;
            default:
                if (IsArgumentObject(value))
                {
                    Validate(value, name + ".");
                }

                return;
        }
    }

    /// <summary>Argument objects are the tool's own classes; values of other types have no rules to check inside.</summary>
    private static bool IsArgumentObject(object? value) =>
        value is not null && value.GetType().Assembly == typeof(ToolArguments).Assembly && value.GetType().IsClass;

    private static string Explain(ValidationAttribute rule, object value) => rule switch
    {
        RangeAttribute range => $"must be between {range.Minimum} and {range.Maximum}; got {Format(value)}.",
        StringLengthAttribute length => $"must be {length.MinimumLength} to {length.MaximumLength} characters long; got {((string)value).Length}.",
        MinLengthAttribute length => $"must have at least {length.Length} {(value is string ? "characters" : "items")}.",
        MaxLengthAttribute length => $"must have at most {length.Length} {(value is string ? "characters" : "items")}.",
        AllowedValuesAttribute allowed => $"must be one of: {string.Join(", ", allowed.Values)}; got {Format(value)}.",
        _ => rule.FormatErrorMessage("the value"),
    };

    private static string Format(object value) => value switch
    {
        string text => $"'{text}'",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static ToolArgumentException Describe<TArguments>(JsonException exception)
    {
        var argument = exception.Path is { } path ? TopLevelName(path) : null;
        var message = exception.Message;
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var missing = RequiredNames<TArguments>().Where(name => message.Contains($"'{name}'", StringComparison.Ordinal)).ToList();
            return new ToolArgumentException(
                missing.FirstOrDefault() ?? "arguments",
                $"required but missing{(missing.Count > 1 ? $" (also missing: {string.Join(", ", missing.Skip(1))})" : string.Empty)}.");
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal) || message.Contains("unmapped", StringComparison.OrdinalIgnoreCase))
        {
            var names = ToolJson.Options.GetTypeInfo(typeof(TArguments)).Properties.Select(property => property.Name).ToList();
            var unknown = UnmappedName(message) ?? argument ?? "arguments";
            var meant = names.FirstOrDefault(name => name.Equals(unknown, StringComparison.OrdinalIgnoreCase));
            return new ToolArgumentException(unknown, meant is not null
                ? $"this tool has no such argument; names are exact, so write '{meant}'."
                : $"this tool has no such argument. Its arguments are: {string.Join(", ", names)}.");
        }

        var expected = argument is null ? null : ExpectedType<TArguments>(argument);
        return new ToolArgumentException(argument ?? "arguments", expected is null ? "has the wrong type." : $"must be {expected}.");
    }

    /// <summary>
    /// The argument a JSON path starts at: <c>$.width</c> and <c>$.loras[0].weight</c> in dot notation, or
    /// <c>$['model ']</c> in bracket notation, which System.Text.Json uses for names with spaces, dots or brackets.
    /// </summary>
    private static string? TopLevelName(string path)
    {
        if (path.StartsWith("$['", StringComparison.Ordinal))
        {
            var end = path.IndexOf("']", 3, StringComparison.Ordinal);
            return end < 0 ? null : path[3..end];
        }

        return path.StartsWith("$.", StringComparison.Ordinal) && path[2..].Split('.', '[')[0] is { Length: > 0 } name ? name : null;
    }

    /// <summary>The unknown name in System.Text.Json's "The JSON property 'name' could not be mapped to any .NET member …".</summary>
    private static string? UnmappedName(string message)
    {
        const string Marker = "' could not be mapped";
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = message.IndexOf(Marker, StringComparison.Ordinal);
        return start >= 0 && end > start ? message[(start + 1)..end] : null;
    }

    private static IEnumerable<string> RequiredNames<TArguments>() =>
        ToolJson.Options.GetTypeInfo(typeof(TArguments)).Properties.Where(property => property.IsRequired).Select(property => property.Name);

    private static string? ExpectedType<TArguments>(string argument)
    {
        var property = ToolJson.Options.GetTypeInfo(typeof(TArguments)).Properties.FirstOrDefault(candidate => candidate.Name == argument);
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            null => null,
            _ when type == typeof(string) => "a string",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) || type == typeof(decimal) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type.IsEnum => "one of: " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)),
            _ => "a list",
        };
    }
}
