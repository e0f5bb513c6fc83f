using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Client.Http;
using DryApi.Client.Responses;
using DryApi.Simulator.Media;

namespace DryApi.Simulator.Tests.Support;

/// <summary>
/// Builds a request every rule should accept, for any operation, from its contract (required fields, the first
/// complete alternative, fields that must be present or that a condition requires) and the defaults and limits
/// of the first catalogue model that lists the operation's inference type. Files are real media.
/// </summary>
internal sealed class ValidRequests(IReadOnlyList<DryApiModel> models)
{
    public static readonly byte[] Image = SampleMedia.Png(256, 256);

    /// <summary>Reads the catalogue over <c>/models</c> with the client's key.</summary>
    public static async Task<ValidRequests> LoadAsync(ApiClient client)
    {
        var page = await client.GetAsync("models?per_page=1000");
        return new ValidRequests(page.Json!["data"].Deserialize<List<DryApiModel>>(DryApiJson.Options)!);
    }

    public DryApiModel? ModelFor(OperationContract contract) =>
        contract.InferenceType is { } type ? models.FirstOrDefault(m => m.InferenceTypes.Contains(type)) : null;

    public WireBody For(OperationContract contract)
    {
        var model = ModelFor(contract);
        var names = contract.Fields.Where(f => (f.Required || f.MustBePresent) && !IsPathParameter(contract, f)).Select(f => f.Name)
            .Concat(contract.RequiredAlternatives is [var first, ..] ? first : [])
            .Concat(contract.ConditionalRequirements.Where(c => c.AppliesWhenAbsent).Select(c => c.Field))
            .Distinct(StringComparer.Ordinal);
        var body = new WireBody();
        foreach (var name in names)
        {
            body[name] = ValueOf(contract, contract.Field(name)!, model);
        }

        return body;
    }

    public static bool IsPathParameter(OperationContract contract, WireField field) =>
        contract.Path.Contains($"{{{field.Name}}}", StringComparison.Ordinal);

    /// <summary>A value of the wrong type for the field, in the operation's encoding; null where the encoding cannot express one.</summary>
    public static WireParameter? WrongTypeOf(OperationContract contract, WireField field) => field.Type switch
    {
        WireType.Integer or WireType.Number => WireParameter.Of("not-a-number"),
        WireType.Boolean => WireParameter.Of("yes"),
        WireType.String or WireType.StringOrStringArray when contract.Encoding == BodyEncoding.Json => WireParameter.Of(12345L),
        WireType.LoraArray => WireParameter.Of("flux1_anime"),
        WireType.File or WireType.FileArray when contract.Encoding == BodyEncoding.Multipart => WireParameter.Of("not a file"),
        _ => null,
    };

    private static WireParameter ValueOf(OperationContract contract, WireField field, DryApiModel? model)
    {
        var info = model?.Info ?? ModelInfo.Empty;
        return field.Name switch
        {
            "model" => WireParameter.Of(model?.Slug ?? throw new InvalidOperationException($"No catalogue model for {contract.OperationId}.")),
            "prompt" => WireParameter.Of("a red fox crossing a snowy field"),
            "negative_prompt" => WireParameter.Null,
            "width" or "height" => WireParameter.Of(Dimension(info, field.Name)),
            "guidance" => WireParameter.Of(info.DefaultNumber("guidance") ?? 0),
            "steps" => WireParameter.Of((long)(info.DefaultNumber("steps") ?? info.Limit("min_steps") ?? 4)),
            "frames" => WireParameter.Of((long)(info.Limit("min_frames") ?? 49)),
            "fps" => WireParameter.Of((long)(info.DefaultNumber("fps") ?? 24)),
            "seed" => WireParameter.Of(42L),
            "text" => WireParameter.Of("Hello from the dryAPI simulator."),
            "lang" => WireParameter.Of(Language(model).Slug),
            "voice" => WireParameter.Of(Language(model).Voices![0].Slug),
            "speed" => WireParameter.Of(info.DefaultNumber("speed") ?? 1),
            "format" => WireParameter.Of(field.Enum?[0] ?? info.DefaultText("format") ?? "mp3"),
            "sample_rate" => WireParameter.Of(24000L),
            "caption" => WireParameter.Of("An upbeat synth-pop track with a catchy hook"),
            "lyrics" => WireParameter.Of("[Instrumental]"),
            "duration" => WireParameter.Of(10L),
            "inference_steps" => WireParameter.Of((long)(info.DefaultNumber("inference_steps") ?? 8)),
            "guidance_scale" => WireParameter.Of(info.DefaultNumber("guidance_scale") ?? 7),
            "input" => WireParameter.Of("The quick brown fox."),
            "include_ts" => WireParameter.Of(true),
            "video_url" => WireParameter.Of("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            "audio_url" => WireParameter.Of("https://twitter.com/i/spaces/1nAKEERkeLbKL"),
            "duration_seconds" => WireParameter.Of(120L),
            "count_text" => WireParameter.Of(120L),
            "type" => WireParameter.Of(field.Enum![0]),
            "image" or "first_frame_image" or "last_frame_image" or "images[]" => WireParameter.File("picture.png", "image/png", Image),
            "audio" or "ref_audio" or "reference_audio" => WireParameter.File("sound.wav", "audio/wav", SampleMedia.Wav(3)),
            "video" => WireParameter.File("clip.mp4", "video/mp4", SampleMedia.Mp4(256, 256, 2)),
            _ => throw new InvalidOperationException($"No valid value known for {contract.OperationId}.{field.Name}."),
        };
    }

    /// <summary>The model's default size, else 512, kept within its limits and on its resolution step.</summary>
    private static long Dimension(ModelInfo info, string name)
    {
        var value = info.DefaultNumber(name) ?? 512;
        value = Math.Clamp(value, info.Limit($"min_{name}") ?? 1, info.Limit($"max_{name}") ?? 4096);
        var step = info.Limit("resolution_step") ?? 1;
        return (long)(Math.Round(value / step) * step);
    }

    private static ModelLanguage Language(DryApiModel? model)
    {
        var defaultLanguage = model?.Info.DefaultText("lang");
        var languages = model?.Languages ?? throw new InvalidOperationException("A speech model without languages.");
        return languages.FirstOrDefault(l => l.Slug == defaultLanguage && l.Voices is { Count: > 0 })
            ?? languages.First(l => l.Voices is { Count: > 0 });
    }
}
