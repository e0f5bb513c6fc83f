using DryApi.Client.Contract;
using DryApi.Client.Requests;
using DryApi.Client.Responses;
using DryApi.Simulator.Catalogue;
using DryApi.Simulator.Jobs;
using DryApi.Simulator.Pricing;
using DryApi.Simulator.Wire;

namespace DryApi.Simulator.Validation;

/// <summary>
/// The checks dryAPI makes against the chosen model: that it exists and offers the operation's inference type,
/// and that the request stays within the model's <c>info.limits</c>, LoRAs, languages and voices.
/// </summary>
internal static class ModelRules
{
    /// <summary>Fields whose limits a model names after another field (music steps share the steps limits).</summary>
    private static readonly Dictionary<string, string> LimitAliases = new(StringComparer.Ordinal)
    {
        ["inference_steps"] = "steps",
        ["guidance_scale"] = "guidance",
    };

    /// <summary>Inference types without an output size of their own, whose model limits the input's size and length.</summary>
    private static readonly Dictionary<string, string> InputFileByType = new(StringComparer.Ordinal)
    {
        ["img2txt"] = "image",
        ["img-rmbg"] = "image",
        ["img-upscale"] = "image",
        ["vid-rmbg"] = "video",
        ["vid-upscale"] = "video",
    };

    /// <summary>The model a request names (Whisper when a transcription names none), or null when it names none.</summary>
    public static string? ModelSlug(OperationContract contract, RequestInput input) =>
        input.String("model")
        ?? (contract.InferenceType is { } type && InferenceTypes.IsTranscription(type) ? InferenceTypes.DefaultTranscriptionModel : null);

    public static ValidationErrors Check(OperationContract contract, RequestInput input, ModelCatalogue catalogue)
    {
        var errors = new ValidationErrors();
        if (contract.InferenceType is not { } inferenceType || ModelSlug(contract, input) is not { } slug)
        {
            return errors;
        }

        var entry = catalogue.Find(slug);
        if (entry is null)
        {
            errors.Add("model", "The selected model is invalid.");
            return errors;
        }

        if (!entry.Supports(inferenceType))
        {
            errors.Add("model", $"The selected model does not support {InferenceTypes.Title(inferenceType)}.");
            return errors;
        }

        var model = entry.Model;
        CheckNumericLimits(contract, input, model.Info, errors);
        CheckTextLength(input, model.Info, errors);
        CheckInputImages(input, model.Info, errors);
        CheckInputFile(inferenceType, input, model.Info, errors);
        CheckTokens(input, model.Info, errors);
        CheckLoras(contract, input, model, errors);
        CheckMode(contract, input, model.Info, errors);
        CheckLanguageAndVoice(contract, input, model, errors);
        return errors;
    }

    /// <summary>Every numeric field against <c>min_&lt;field&gt;</c>/<c>max_&lt;field&gt;</c>, skipped where the model declares the feature unsupported.</summary>
    private static void CheckNumericLimits(OperationContract contract, RequestInput input, ModelInfo info, ValidationErrors errors)
    {
        foreach (var field in contract.Fields.Where(f => f.Type is WireType.Integer or WireType.Number))
        {
            if (input.Number(field.Name) is not { } value || FeatureDisabled(info, field.Name))
            {
                continue;
            }

            var limitName = LimitAliases.GetValueOrDefault(field.Name, field.Name);
            var min = info.Limit($"min_{field.Name}") ?? info.Limit($"min_{limitName}");
            var max = info.Limit($"max_{field.Name}") ?? info.Limit($"max_{limitName}");
            var attribute = ValidationErrors.AttributeOf(field.Name);
            if (min is { } low && value < low)
            {
                errors.Add(field.Name, $"The {attribute} field must be at least {ValidationErrors.Format(low)}.");
            }
            else if (max is { } high && value > high)
            {
                errors.Add(field.Name, $"The {attribute} field must not be greater than {ValidationErrors.Format(high)}.");
            }
            else if (field.Name is "width" or "height" && info.Limit("resolution_step") is { } step and > 0 && value % step != 0)
            {
                errors.Add(field.Name, $"The {attribute} field must be a multiple of {ValidationErrors.Format(step)}.");
            }
        }
    }

    private static bool FeatureDisabled(ModelInfo info, string fieldName)
    {
        var feature = $"supports_{LimitAliases.GetValueOrDefault(fieldName, fieldName)}";
        return info.Features.ContainsKey(feature) && !info.Supports(feature);
    }

    private static void CheckTextLength(RequestInput input, ModelInfo info, ValidationErrors errors)
    {
        if (input.String("text") is not { } text)
        {
            return;
        }

        var length = text.EnumerateRunes().Count();
        if (info.Limit("min_text") is { } min && length < min)
        {
            errors.Add("text", $"The text field must be at least {ValidationErrors.Format(min)} characters.");
        }
        else if (info.Limit("max_text") is { } max && length > max)
        {
            errors.Add("text", $"The text field must not be greater than {ValidationErrors.Format(max)} characters.");
        }
    }

    private static void CheckInputImages(RequestInput input, ModelInfo info, ValidationErrors errors)
    {
        var count = input.Files("images[]").Count;
        var max = info.Limit("max_input_images") ?? 1;
        if (count > max)
        {
            errors.Add("images", $"The images field must not have more than {ValidationErrors.Format(max)} items.");
        }
    }

    /// <summary>The input image or video against the model's size limits (Laravel's <c>dimensions</c> rule) and <c>max_duration</c>.</summary>
    private static void CheckInputFile(string inferenceType, RequestInput input, ModelInfo info, ValidationErrors errors)
    {
        if (!InputFileByType.TryGetValue(inferenceType, out var field) || input.Files(field) is not [var file, ..] || SourceMedia.Header(file.Content) is not { } header)
        {
            return;
        }

        if (header is { Width: { } width, Height: { } height }
            && (width < info.Limit("min_width") || width > info.Limit("max_width") || height < info.Limit("min_height") || height > info.Limit("max_height")))
        {
            errors.Add(field, $"The {field} field has invalid image dimensions.");
        }
        else if (header.Seconds is { } seconds && info.Limit("max_duration") is { } maxSeconds && seconds > maxSeconds)
        {
            errors.Add(field, $"The {field} field must not be longer than {ValidationErrors.Format(maxSeconds)} seconds.");
        }
    }

    /// <summary>Embedding inputs against the model's token limits, counting a token as about four characters.</summary>
    private static void CheckTokens(RequestInput input, ModelInfo info, ValidationErrors errors)
    {
        var inputs = input.Strings("input");
        if (inputs.Count == 0)
        {
            return;
        }

        if (info.Limit("max_input_tokens") is { } perInput && inputs.Any(text => Tokens.Estimate(text) > perInput))
        {
            errors.Add("input", $"Each input must not be longer than {ValidationErrors.Format(perInput)} tokens.");
        }
        else if (info.Limit("max_total_tokens") is { } total && inputs.Sum(Tokens.Estimate) > total)
        {
            errors.Add("input", $"The input must not be longer than {ValidationErrors.Format(total)} tokens in total.");
        }
    }

    private static void CheckLoras(OperationContract contract, RequestInput input, DryApiModel model, ValidationErrors errors)
    {
        if (contract.Field("loras") is null)
        {
            return;
        }

        var known = (model.Loras ?? []).Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var loras = input.Loras("loras");
        for (var i = 0; i < loras.Count; i++)
        {
            if (!known.Contains(loras[i].Name))
            {
                errors.Add($"loras.{i}.name", $"The selected loras.{i}.name is invalid.");
            }
        }
    }

    /// <summary>A speech mode the model declares unsupported (<c>supports_voice_clone</c> false, say); the default mode is custom_voice.</summary>
    private static void CheckMode(OperationContract contract, RequestInput input, ModelInfo info, ValidationErrors errors)
    {
        if (contract.Field("mode") is null)
        {
            return;
        }

        var mode = input.String("mode") ?? SpeechModes.CustomVoice;
        if (FeatureDisabled(info, mode))
        {
            errors.Add("mode", $"The selected model does not support the {mode} mode.");
        }
    }

    private static void CheckLanguageAndVoice(OperationContract contract, RequestInput input, DryApiModel model, ValidationErrors errors)
    {
        if (contract.Field("lang") is null || model.Languages is not { Count: > 0 } languages || input.String("lang") is not { } lang)
        {
            return;
        }

        var language = languages.FirstOrDefault(l => l.Slug == lang);
        if (language is null)
        {
            errors.Add("lang", "The selected lang is invalid.");
            return;
        }

        if (input.String("voice") is { } voice && language.Voices is { Count: > 0 } voices && voices.All(v => v.Slug != voice))
        {
            errors.Add("voice", "The selected voice is invalid.");
        }
    }
}
