using System.Globalization;
using DryApi.Client.Media;
using DryApi.Client.Requests;
using DryApi.Client.Responses;

namespace DryApi.Mcp.Tools.Models;

/// <summary>
/// The model a job call runs with, and how its arguments meet that model: omitted values take the model's
/// <c>info.defaults</c>, given ones are checked against its <c>info.limits</c> and <c>info.features</c>. It records
/// what the server decided so the result can say so.
/// </summary>
internal sealed class ModelChoice
{
    private readonly DryApiModel model;
    private readonly IReadOnlyList<string> alternatives;
    private readonly List<string> defaulted = [];
    private readonly List<string> adjusted = [];

    private ModelChoice(DryApiModel model, IReadOnlyList<string> alternatives, bool pickedByServer, string inferenceType)
    {
        this.model = model;
        this.alternatives = alternatives;
        PickedByServer = pickedByServer;
        InferenceType = inferenceType;
    }

    public string Slug => model.Slug;

    public bool PickedByServer { get; }

    public string InferenceType { get; }

    private ModelInfo Info => model.Info;

    /// <summary>A number from the model's <c>info.limits</c> (e.g. <c>max_input_images</c>), or null when dryAPI gives none.</summary>
    public double? Limit(string name) => Info.Limit(name);

    /// <summary>Whether dryAPI's list has <paramref name="slug"/> for <paramref name="inferenceType"/>.</summary>
    public static bool Lists(ModelCatalog catalog, string inferenceType, string slug) =>
        Candidates(catalog, inferenceType).Any(candidate => candidate.Slug == slug);

    /// <summary>The named model, or (when <paramref name="slug"/> is null) the preferred one for the type, else the first listed.</summary>
    public static ModelChoice From(ModelCatalog catalog, string inferenceType, string? slug)
    {
        var candidates = Candidates(catalog, inferenceType);
        var slugs = candidates.Select(candidate => candidate.Slug).ToList();
        if (candidates.Count == 0)
        {
            throw new ToolArgumentException("model",
                $"dryAPI lists no model for inference type {inferenceType} on this account right now. Check get_available_models, or try again later.");
        }

        if (slug is null)
        {
            var preferred = PreferredModels.For(inferenceType);
            return new ModelChoice(candidates.FirstOrDefault(candidate => candidate.Slug == preferred) ?? candidates[0], slugs, true, inferenceType);
        }

        var named = candidates.FirstOrDefault(candidate => candidate.Slug == slug)
            ?? throw new ToolArgumentException("model",
                $"'{slug}' is not a {inferenceType} model dryAPI lists. Valid slugs: {string.Join(", ", slugs)}. Omit model to let the server pick one.");
        return new ModelChoice(named, slugs, false, inferenceType);
    }

    /// <summary>A whole-number argument (width, height, steps, frames, fps…): the model's default when omitted; checked against min_/max_ limits.</summary>
    public int Whole(string argument, int? given) => (int)Math.Round(Number(argument, given));

    /// <summary>A whole-number argument the operation may leave out: checked when given, null (not sent) otherwise.</summary>
    public int? WholeIfGiven(string argument, int? given) => given is null ? null : Whole(argument, given);

    /// <summary>A numeric argument (speed, duration, guidance_scale, sample_rate…): the model's default when omitted; checked against min_/max_ limits.</summary>
    public double Number(string argument, double? given)
    {
        if (given is null)
        {
            var fallback = Info.DefaultNumber(argument) ?? throw MissingDefault(argument);
            defaulted.Add($"{argument}={Format(fallback)}");
            return fallback;
        }

        return Checked(argument, Rounded(argument, given.Value));
    }

    /// <summary>
    /// guidance: where the model lacks <c>supports_guidance</c> its default is sent whatever was given (dryAPI ignores
    /// or refuses other values there); otherwise like <see cref="Number"/>.
    /// </summary>
    public double Guidance(double? given)
    {
        if (Info.Supports("supports_guidance"))
        {
            return Number("guidance", given);
        }

        var forced = Info.DefaultNumber("guidance") ?? 0;
        Note(given, forced);
        return forced;
    }

    /// <summary>guidance where the operation may leave it out: unsupported means the model's default (or nothing); otherwise checked when given.</summary>
    public double? GuidanceIfGiven(double? given)
    {
        if (Info.Supports("supports_guidance"))
        {
            return given is null ? null : Number("guidance", given);
        }

        var forced = Info.DefaultNumber("guidance");
        if (given is not null)
        {
            Note(given, forced);
        }

        return forced;
    }

    /// <summary>A text argument dryAPI requires (lang, voice, format, lyrics…): the model's default when omitted.</summary>
    public string Text(string argument, string? given)
    {
        if (given is not null)
        {
            return given;
        }

        var fallback = Info.DefaultText(argument) ?? throw MissingDefault(argument);
        defaulted.Add($"{argument}={fallback}");
        return fallback;
    }

    /// <summary>A default the model may or may not have (e.g. TTS mode and voice); null when it has none and none was given.</summary>
    public string? TextOrDefault(string argument, string? given) =>
        given ?? (Info.DefaultText(argument) is { } fallback ? Defaulted(argument, fallback) : null);

    /// <summary>The input text, within the model's min_text–max_text characters.</summary>
    public string Prompt(string argument, string text)
    {
        if (Info.Limit("min_text") is { } min && text.Length < min)
        {
            throw new ToolArgumentException(argument,
                $"{text.Length} characters is below {Slug}'s min_text of {Format(min)}. Give at least {Format(min)} characters.");
        }

        if (Info.Limit("max_text") is { } max && text.Length > max)
        {
            throw new ToolArgumentException(argument,
                $"{text.Length} characters is above {Slug}'s max_text of {Format(max)}. Split the text into calls of at most {Format(max)} characters.");
        }

        return text;
    }

    /// <summary>An argument only models with <paramref name="feature"/> accept; refused when given to one without it.</summary>
    public T? Requiring<T>(string feature, string argument, T? given)
    {
        if (given is not null && !Info.Supports(feature))
        {
            throw new ToolArgumentException(argument,
                $"{Slug} does not support it (its features.{feature} is false). Leave {argument} out, or pick a model whose " +
                $"features include {feature} (get_available_models, inference type {InferenceType}).");
        }

        return given;
    }

    /// <summary>
    /// The input image or video of an operation without an output size of its own (OCR, background removal, upscaling),
    /// whose model's <c>min_</c>/<c>max_width</c>/<c>height</c> limit the input's picture and <c>max_duration</c> its length.
    /// </summary>
    public DryApiFile Input(string argument, DryApiFile file)
    {
        var format = MediaSniffer.Detect(file.Content.Span);
        if (format is null || MediaHeaders.Read(format, file.Content.Span) is not { } header)
        {
            return file;
        }

        var kind = MediaHeaders.Kind(format);
        if (header is { Width: { } width, Height: { } height } && (OutsideLimit("width", width) ?? OutsideLimit("height", height)) is { } problem)
        {
            throw new ToolArgumentException(argument,
                $"the {kind} is {width}×{height} px, {problem}. Resize it to a width {LimitRange("width")} and a height {LimitRange("height")} px, " +
                $"or pick a model with other limits (get_available_models, inference type {InferenceType}).");
        }

        if (header.Seconds is { } seconds && Info.Limit("max_duration") is { } maxSeconds && seconds > maxSeconds)
        {
            throw new ToolArgumentException(argument,
                $"the {kind} lasts {Format(seconds)} s, above {Slug}'s max_duration of {Format(maxSeconds)} s. Trim it to at most {Format(maxSeconds)} s.");
        }

        return file;
    }

    /// <summary>What the server decided for this call, for the result text.</summary>
    public string Describe()
    {
        var text = PickedByServer
            ? $"Model: {Slug} (picked by the server for {InferenceType}; pass model to choose another: {string.Join(", ", alternatives)})."
            : $"Model: {Slug}.";
        if (defaulted.Count > 0)
        {
            text += $" From the model's defaults: {string.Join(", ", defaulted)}.";
        }

        if (adjusted.Count > 0)
        {
            text += $" Adjusted: {string.Join("; ", adjusted)}.";
        }

        return text;
    }

    private string? OutsideLimit(string side, int pixels) =>
        Info.Limit($"max_{side}") is { } max && pixels > max ? $"above {Slug}'s max_{side} of {Format(max)}"
        : Info.Limit($"min_{side}") is { } min && pixels < min ? $"below {Slug}'s min_{side} of {Format(min)}"
        : null;

    private string LimitRange(string side) => (Info.Limit($"min_{side}"), Info.Limit($"max_{side}")) switch
    {
        ({ } min, { } max) => $"of {Format(min)}–{Format(max)}",
        ({ } min, null) => $"of at least {Format(min)}",
        (null, { } max) => $"of at most {Format(max)}",
        _ => "of any size",
    };

    private static List<DryApiModel> Candidates(ModelCatalog catalog, string inferenceType) =>
        catalog.Models.Where(candidate => candidate.InferenceTypes.Contains(inferenceType, StringComparer.Ordinal)).ToList();

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>width and height snap to the model's resolution_step (dryAPI refuses other sizes).</summary>
    private double Rounded(string argument, double given)
    {
        if (argument is not ("width" or "height") || Info.Limit("resolution_step") is not { } step || step <= 0)
        {
            return given;
        }

        var rounded = Math.Round(given / step, MidpointRounding.AwayFromZero) * step;
        if (rounded != given)
        {
            adjusted.Add($"{argument} {Format(given)} rounded to {Format(rounded)} ({Slug}'s resolution_step is {Format(step)})");
        }

        return rounded;
    }

    private double Checked(string argument, double value)
    {
        var min = Info.Limit($"min_{argument}");
        var max = Info.Limit($"max_{argument}");
        if ((min is not null && value < min) || (max is not null && value > max))
        {
            var bound = value < min ? $"below {Slug}'s min_{argument} of {Format(min!.Value)}" : $"above {Slug}'s max_{argument} of {Format(max!.Value)}";
            var range = (min, max) switch
            {
                ({ } low, { } high) => $"between {Format(low)} and {Format(high)}",
                ({ } low, null) => $"of at least {Format(low)}",
                _ => $"of at most {Format(max!.Value)}",
            };
            var fallback = Info.DefaultNumber(argument) is { } byDefault ? $", or omit it for the model's default {Format(byDefault)}" : string.Empty;
            throw new ToolArgumentException(argument, $"{Format(value)} is {bound}. Pass a value {range}{fallback}.");
        }

        return value;
    }

    private void Note(double? given, double? forced)
    {
        if (given is { } value && value != forced)
        {
            adjusted.Add($"guidance {Format(value)} replaced by {(forced is { } sent ? Format(sent) : "nothing")} ({Slug} does not support guidance)");
        }
    }

    private string Defaulted(string argument, string value)
    {
        defaulted.Add($"{argument}={value}");
        return value;
    }

    private ToolArgumentException MissingDefault(string argument) =>
        new(argument, $"{Slug} has no default {argument}, so it is required. Pass {argument} (see the model's limits in get_available_models).");
}
