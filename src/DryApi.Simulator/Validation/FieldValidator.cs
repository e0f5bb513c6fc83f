using DryApi.Client.Media;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DryApi.Client.Contract;
using DryApi.Simulator.Media;
using DryApi.Simulator.Wire;

namespace DryApi.Simulator.Validation;

/// <summary>
/// Checks one field against its <see cref="WireField"/> the way dryAPI's Laravel rules do, and adds Laravel's
/// message for the first rule it fails.
/// </summary>
internal static partial class FieldValidator
{
    public static void Validate(WireField field, WireValue? value, ValidationErrors errors)
    {
        var key = ValidationErrors.KeyOf(field.Name);
        var attribute = ValidationErrors.AttributeOf(key);
        if (value is null)
        {
            if (field.Required)
            {
                errors.Add(key, $"The {attribute} field is required.");
            }
            else if (field.MustBePresent)
            {
                errors.Add(key, $"The {attribute} field must be present.");
            }

            return;
        }

        if (value.IsNull)
        {
            if (field.Required)
            {
                errors.Add(key, $"The {attribute} field is required.");
            }
            else if (!field.Nullable && !field.MustBePresent)
            {
                errors.Add(key, TypeMessage(field.Type, attribute));
            }

            return;
        }

        var message = field.Type switch
        {
            WireType.String => CheckString(field, attribute, value),
            WireType.Integer => CheckInteger(field, attribute, value),
            WireType.Number => CheckNumber(field, attribute, value),
            WireType.Boolean => IsBoolean(value) ? null : TypeMessage(WireType.Boolean, attribute),
            WireType.File => value is WireValue.Files files ? CheckFile(field.File, attribute, files.Items[^1]) : TypeMessage(WireType.File, attribute),
            WireType.StringArray => IsStringList(value) ? null : TypeMessage(WireType.StringArray, attribute),
            _ => null,
        };

        if (message is not null)
        {
            errors.Add(key, message);
            return;
        }

        switch (field.Type)
        {
            case WireType.FileArray:
                CheckFiles(field, key, value, errors);
                break;
            case WireType.StringOrStringArray:
                CheckStringOrStrings(field, key, value, errors);
                break;
            case WireType.LoraArray:
                CheckLoras(key, value, errors);
                break;
        }
    }

    public static string TypeMessage(WireType type, string attribute) => type switch
    {
        WireType.Integer => $"The {attribute} field must be an integer.",
        WireType.Number => $"The {attribute} field must be a number.",
        WireType.Boolean => $"The {attribute} field must be true or false.",
        WireType.File => $"The {attribute} field must be a file.",
        WireType.FileArray or WireType.StringArray or WireType.LoraArray => $"The {attribute} field must be an array.",
        _ => $"The {attribute} field must be a string.",
    };

    private static string? CheckString(WireField field, string attribute, WireValue value)
    {
        string? text = value switch
        {
            WireValue.Json { Element.ValueKind: JsonValueKind.String } json => json.Element.GetString()!.Trim(),
            WireValue.Text t => t.Trimmed,
            _ => null,
        };
        if (text is null)
        {
            return TypeMessage(WireType.String, attribute);
        }

        var length = text.EnumerateRunes().Count();
        if (field.MinLength is { } min && length < min)
        {
            return $"The {attribute} field must be at least {min} characters.";
        }

        if (field.MaxLength is { } max && length > max)
        {
            return $"The {attribute} field must not be greater than {max} characters.";
        }

        if (field.Enum is { } allowed && !allowed.Contains(text))
        {
            return $"The selected {attribute} is invalid.";
        }

        return field.Format == "uri" ? CheckUrl(field, attribute, text) : null;
    }

    private static string? CheckUrl(WireField field, string attribute, string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return $"The {attribute} field must be a valid URL.";
        }

        return field.HttpsOnly && uri.Scheme != "https"
            ? $"The {attribute} field must start with one of the following: https://."
            : null;
    }

    private static string? CheckInteger(WireField field, string attribute, WireValue value)
    {
        long? number = value switch
        {
            WireValue.Json { Element.ValueKind: JsonValueKind.Number } json when IntegerText().IsMatch(json.Element.GetRawText()) && json.Element.TryGetInt64(out var n) => n,
            WireValue.Text text when IntegerText().IsMatch(text.Trimmed) && long.TryParse(text.Trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        if (number is null)
        {
            return TypeMessage(WireType.Integer, attribute);
        }

        if (field.Enum is { } allowed && !allowed.Contains(number.Value.ToString(CultureInfo.InvariantCulture)))
        {
            return $"The selected {attribute} is invalid.";
        }

        return CheckRange(field, attribute, number.Value);
    }

    private static string? CheckNumber(WireField field, string attribute, WireValue value)
    {
        double? number = value switch
        {
            WireValue.Json { Element.ValueKind: JsonValueKind.Number } json => json.Element.GetDouble(),
            WireValue.Text text when RequestInput.TryParseNumber(text.Value, out var n) => n,
            _ => null,
        };
        return number is null ? TypeMessage(WireType.Number, attribute) : CheckRange(field, attribute, number.Value);
    }

    private static string? CheckRange(WireField field, string attribute, double number)
    {
        if (field.Minimum is { } min && number < min)
        {
            return $"The {attribute} field must be at least {ValidationErrors.Format(min)}.";
        }

        return field.Maximum is { } max && number > max
            ? $"The {attribute} field must not be greater than {ValidationErrors.Format(max)}."
            : null;
    }

    /// <summary>Laravel's <c>boolean</c> rule accepts only true, false, 1, 0, "1" and "0"; a form's "true" fails.</summary>
    private static bool IsBoolean(WireValue value) => value switch
    {
        WireValue.Json { Element.ValueKind: JsonValueKind.True or JsonValueKind.False } => true,
        WireValue.Json { Element.ValueKind: JsonValueKind.Number } json => json.Element.GetRawText() is "0" or "1",
        WireValue.Json { Element.ValueKind: JsonValueKind.String } json => json.Element.GetString() is "0" or "1",
        WireValue.Text text => text.Trimmed is "0" or "1",
        _ => false,
    };

    private static bool IsStringList(WireValue value) => value switch
    {
        WireValue.Text => true,
        WireValue.Json { Element.ValueKind: JsonValueKind.Array } json => json.Element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String),
        _ => false,
    };

    private static string? CheckFile(FileRule? rule, string attribute, UploadedFile file)
    {
        if (rule is null)
        {
            return null;
        }

        var detected = MediaSniffer.Detect(file.Content);
        if (detected is null || !rule.Formats.Any(format => MediaSniffer.Matches(detected, format)))
        {
            return $"The {attribute} field must be a file of type: {string.Join(", ", rule.Formats)}.";
        }

        // Past the signature the file must hold up: Laravel's dimensions rule for images, the type rule for media.
        if (MediaHeaders.Read(detected, file.Content) is null)
        {
            return MediaHeaders.IsRasterImage(detected)
                ? $"The {attribute} field has invalid image dimensions."
                : $"The {attribute} field must be a file of type: {string.Join(", ", rule.Formats)}.";
        }

        var maxKilobytes = rule.MaxBytes / 1024;
        return file.Content.LongLength > rule.MaxBytes
            ? $"The {attribute} field must not be greater than {maxKilobytes} kilobytes."
            : null;
    }

    private static void CheckFiles(WireField field, string key, WireValue value, ValidationErrors errors)
    {
        if (value is not WireValue.Files files)
        {
            errors.Add($"{key}.0", $"The {key}.0 field must be a file.");
            return;
        }

        if (field.MaxItems is { } maxItems && files.Items.Count > maxItems)
        {
            errors.Add(key, $"The {ValidationErrors.AttributeOf(key)} field must not have more than {maxItems} items.");
            return;
        }

        for (var i = 0; i < files.Items.Count; i++)
        {
            if (CheckFile(field.File, $"{key}.{i}", files.Items[i]) is { } message)
            {
                errors.Add($"{key}.{i}", message);
            }
        }
    }

    private static void CheckStringOrStrings(WireField field, string key, WireValue value, ValidationErrors errors)
    {
        var attribute = ValidationErrors.AttributeOf(key);
        switch (value)
        {
            case WireValue.Text:
            case WireValue.Json { Element.ValueKind: JsonValueKind.String }:
                return;
            case WireValue.Json { Element.ValueKind: JsonValueKind.Array } json:
                var items = json.Element.EnumerateArray().ToList();
                if (field.MaxItems is { } maxItems && items.Count > maxItems)
                {
                    errors.Add(key, $"The {attribute} field must not have more than {maxItems} items.");
                    return;
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i].ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(items[i].GetString()))
                    {
                        errors.Add($"{key}.{i}", $"The {key}.{i} field must be a string.");
                    }
                }

                return;
            default:
                errors.Add(key, $"The {attribute} field must be a string or an array of strings.");
                return;
        }
    }

    private static void CheckLoras(string key, WireValue value, ValidationErrors errors)
    {
        IReadOnlyList<(WireValue? Name, WireValue? Weight)> items;
        switch (value)
        {
            case WireValue.Json { Element.ValueKind: JsonValueKind.Array } json:
                items = [.. json.Element.EnumerateArray().Select(e => (
                    e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out var n) ? new WireValue.Json(n) : (WireValue?)null,
                    e.ValueKind == JsonValueKind.Object && e.TryGetProperty("weight", out var w) ? new WireValue.Json(w) : (WireValue?)null))];
                break;
            case WireValue.TextItems text:
                items = [.. text.Items.Select(i => (
                    i.TryGetValue("name", out var n) ? new WireValue.Text(n) : (WireValue?)null,
                    i.TryGetValue("weight", out var w) ? new WireValue.Text(w) : (WireValue?)null))];
                break;
            default:
                errors.Add(key, TypeMessage(WireType.LoraArray, ValidationErrors.AttributeOf(key)));
                return;
        }

        var name = new WireField("name", WireType.String) { Required = true };
        var weight = new WireField("weight", WireType.Number) { Required = true, Minimum = 0 };
        for (var i = 0; i < items.Count; i++)
        {
            Validate(name with { Name = $"{key}.{i}.name" }, items[i].Name, errors);
            Validate(weight with { Name = $"{key}.{i}.weight" }, items[i].Weight, errors);
        }
    }

    [GeneratedRegex("^[+-]?(0|[1-9][0-9]*)$")]
    private static partial Regex IntegerText();
}
