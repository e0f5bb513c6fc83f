using System.Globalization;
using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Client.Http;
using DryApi.Client.Requests;
using DryApi.Client.Responses;

namespace DryApi.Simulator.Tests.Catalogue;

/// <summary>Invariants of the simulator's model catalogue (<c>src/DryApi.Simulator/Data/models.json</c>).</summary>
public sealed class ModelsDataTests
{
    private const int DefaultPageSize = 15;

    private static readonly string[] InferenceTypeVocabulary =
    [
        "txt2img", "img2img", "txt2audio", "txt2music", "video2text", "audio2text", "video_file2text", "audio_file2text",
        "img2txt", "txt2video", "img2video", "audio2video", "txt2embedding", "img-rmbg", "img-upscale", "vid-upscale", "vid-rmbg",
    ];

    private static readonly string[] TranscriptionTypes = ["video2text", "audio2text", "video_file2text", "audio_file2text"];

    // Request fields that carry the caller's own content or choice, never a model default.
    private static readonly HashSet<string> CallerSuppliedFields =
        new(["model", "prompt", "text", "caption", "seed", "input", "video_url", "audio_url"], StringComparer.Ordinal);

    private static readonly Lazy<string> CatalogueJson = new(() => File.ReadAllText(CataloguePath()));

    private static readonly Lazy<List<DryApiModel>> Catalogue = new(() =>
        JsonSerializer.Deserialize<List<DryApiModel>>(CatalogueJson.Value, DryApiJson.Options)
        ?? throw new InvalidOperationException("models.json holds null."));

    public static TheoryData<string> JobInferenceTypes() =>
        new(DryApiOperations.All
            .Select(operation => operation.Contract)
            .Where(contract => contract.Response == ResponseShape.JobSubmission && contract.InferenceType is not null)
            .Select(contract => contract.InferenceType!)
            .Distinct(StringComparer.Ordinal));

    [Fact]
    public void CatalogueSpansMoreThanOneDefaultPage() =>
        Assert.True(Catalogue.Value.Count > DefaultPageSize, $"{Catalogue.Value.Count} models fit on one page of {DefaultPageSize}.");

    [Fact]
    public void SlugsAreUnique()
    {
        var duplicates = Catalogue.Value
            .GroupBy(model => model.Slug, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key);

        Assert.Empty(duplicates);
    }

    [Theory]
    [InlineData("Flux1schnell")]
    [InlineData("ZImageTurbo_INT8")]
    [InlineData("Flux_2_Klein_4B_BF16")]
    [InlineData("QwenImageEdit_Plus_NF4")]
    [InlineData("Ltxv_13B_0_9_8_Distilled_FP8")]
    [InlineData("Ltx2_19B_Dist_FP8")]
    [InlineData("Ltx2_3_19B_Dist_INT8")]
    [InlineData("Ltx2_3_22B_Dist_INT8")]
    [InlineData("Kokoro")]
    [InlineData("Chatterbox")]
    [InlineData("Qwen3_TTS")]
    [InlineData("Qwen3_TTS_12Hz_1_7B_CustomVoice")]
    [InlineData("Qwen3_TTS_12Hz_1_7B_VoiceDesign")]
    [InlineData("Qwen3_TTS_12Hz_1_7B_Base")]
    [InlineData("ACE-Step-v1.5-turbo")]
    [InlineData("Bge_M3_FP16")]
    [InlineData("Bge_M3_INT8")]
    [InlineData("Nanonets_Ocr_S_F16")]
    [InlineData("WhisperLargeV3")]
    [InlineData("Ben2")]
    [InlineData("RealESRGAN_x4plus")]
    [InlineData("RealESRGAN_x4")]
    [InlineData("RealESRGAN_Vid_x2")]
    [InlineData("RealESRGAN_Vid_x4")]
    [InlineData("FlashVSR_Tiny")]
    public void DocumentedSlugIsListed(string slug) =>
        Assert.Contains(Catalogue.Value, model => model.Slug == slug);

    [Fact]
    public void VideoReplacementModelIsLeftOut() =>
        Assert.DoesNotContain(Catalogue.Value, model => model.Slug == "Wan2_2_Animate_14B_INT8");

    [Fact]
    public void WhisperListsAllFourTranscriptionTypes() =>
        Assert.Equal(TranscriptionTypes, Model("WhisperLargeV3").InferenceTypes);

    [Fact]
    public void InferenceTypesComeFromTheModelsVocabulary()
    {
        var unknown = Catalogue.Value
            .SelectMany(model => model.InferenceTypes
                .Where(type => !InferenceTypeVocabulary.Contains(type))
                .Select(type => $"{model.Slug}: {type}"));

        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(JobInferenceTypes))]
    public void EveryJobInferenceTypeHasAModel(string inferenceType) =>
        Assert.Contains(Catalogue.Value, model => model.InferenceTypes.Contains(inferenceType));

    [Fact]
    public void EveryLimitReadsAsANumber()
    {
        var unreadable = Catalogue.Value
            .SelectMany(model => model.Info.Limits.Keys
                .Where(key => model.Info.Limit(key) is null)
                .Select(key => $"{model.Slug}.{key}"));

        Assert.Empty(unreadable);
    }

    [Fact]
    public void NumericDefaultsLieWithinLimits()
    {
        var violations = new List<string>();
        foreach (var model in Catalogue.Value)
        {
            foreach (var key in model.Info.Defaults.Keys)
            {
                if (model.Info.DefaultNumber(key) is not { } value)
                {
                    continue;
                }

                if (model.Info.Limit("min_" + key) is { } minimum && value < minimum)
                {
                    violations.Add($"{model.Slug}.{key} = {Format(value)} < {Format(minimum)}");
                }

                if (model.Info.Limit("max_" + key) is { } maximum && value > maximum)
                {
                    violations.Add($"{model.Slug}.{key} = {Format(value)} > {Format(maximum)}");
                }
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void DefaultSizesAreMultiplesOfTheResolutionStep()
    {
        var violations = new List<string>();
        foreach (var model in Catalogue.Value.Where(model => model.Info.Limit("resolution_step") is not null))
        {
            var step = model.Info.Limit("resolution_step")!.Value;
            foreach (var dimension in new[] { "width", "height" })
            {
                if (model.Info.DefaultNumber(dimension) is { } size && size % step != 0)
                {
                    violations.Add($"{model.Slug}.{dimension} = {Format(size)} is not a multiple of {Format(step)}");
                }
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void DefaultsCompleteARequestForEveryListedInferenceType()
    {
        var jobs = DryApiOperations.All
            .Select(operation => operation.Contract)
            .Where(contract => contract.Response == ResponseShape.JobSubmission && contract.InferenceType is not null)
            .ToList();

        var missing = new List<string>();
        foreach (var model in Catalogue.Value)
        {
            foreach (var job in model.InferenceTypes.SelectMany(type => jobs.Where(contract => contract.InferenceType == type)))
            {
                foreach (var field in job.Fields.Where(NeedsModelDefault))
                {
                    var present = field.Type is WireType.Integer or WireType.Number
                        ? model.Info.DefaultNumber(field.Name) is not null
                        : model.Info.DefaultText(field.Name) is not null;
                    if (!present)
                    {
                        missing.Add($"{model.Slug} ({job.Path}): {field.Name}");
                    }
                }
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void SpeechDefaultsSatisfyTheirDefaultMode()
    {
        var problems = new List<string>();
        foreach (var model in SpeechModels())
        {
            var info = model.Info;
            var language = model.Languages?.FirstOrDefault(candidate => candidate.Slug == info.DefaultText("lang"));
            if (language is null)
            {
                problems.Add($"{model.Slug}: default lang '{info.DefaultText("lang")}' is not among its languages");
                continue;
            }

            switch (info.DefaultText("mode") ?? SpeechModes.CustomVoice)
            {
                case SpeechModes.CustomVoice:
                    if (!info.Supports("supports_custom_voice"))
                    {
                        problems.Add($"{model.Slug}: defaults to custom_voice without supports_custom_voice");
                    }

                    if (language.Voices?.Any(voice => voice.Slug == info.DefaultText("voice")) != true)
                    {
                        problems.Add($"{model.Slug}: default voice '{info.DefaultText("voice")}' is not a voice of {language.Slug}");
                    }

                    break;
                case SpeechModes.VoiceDesign:
                    if (!info.Supports("supports_voice_design") || string.IsNullOrWhiteSpace(info.DefaultText("instruct")))
                    {
                        problems.Add($"{model.Slug}: defaults to voice_design without the feature or a default instruct");
                    }

                    break;
                case SpeechModes.VoiceClone:
                    if (!info.Supports("supports_voice_clone"))
                    {
                        problems.Add($"{model.Slug}: defaults to voice_clone without supports_voice_clone");
                    }

                    break;
                default:
                    problems.Add($"{model.Slug}: unknown default mode '{info.DefaultText("mode")}'");
                    break;
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void SpeechModelsOfferVoicesExactlyWhereTheyTakePresetVoices()
    {
        var problems = new List<string>();
        foreach (var model in SpeechModels())
        {
            var languages = model.Languages ?? [];
            if (languages.Count == 0)
            {
                problems.Add($"{model.Slug}: no languages");
            }

            var takesVoices = model.Info.Supports("supports_custom_voice");
            if (model.Info.Supports("supports_voice_presets") && !takesVoices)
            {
                problems.Add($"{model.Slug}: voice presets without the custom_voice mode");
            }

            foreach (var language in languages)
            {
                var voiceCount = language.Voices?.Count ?? 0;
                if (takesVoices && voiceCount == 0)
                {
                    problems.Add($"{model.Slug}/{language.Slug}: custom_voice without voices");
                }

                if (!takesVoices && voiceCount > 0)
                {
                    problems.Add($"{model.Slug}/{language.Slug}: voices without the custom_voice mode");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void KokoroOffersItsDocumentedLanguagesAndVoices()
    {
        var kokoro = Model("Kokoro");
        var languages = (kokoro.Languages ?? []).Select(language => language.Slug).Order(StringComparer.Ordinal);
        var voices = (kokoro.Languages ?? []).SelectMany(language => language.Voices ?? []).Select(voice => voice.Slug).ToList();

        Assert.Equal(["en-gb", "en-us", "es", "fr-fr", "hi", "it", "pt-br"], languages);
        Assert.Superset(
            new HashSet<string>(["af_sky", "af_bella", "am_adam", "bf_emma", "bm_george", "ef_dora", "ff_siwis", "hf_alpha", "if_sara", "pf_dora"]),
            voices.ToHashSet());
    }

    [Fact]
    public void LorasAppearOnlyOnLoraCapableModelsAndEveryFluxLoraModelHasSome()
    {
        var problems = Catalogue.Value
            .Where(model => (model.Loras is { Count: > 0 }) != model.Info.Supports("supports_lora"))
            .Select(model => model.Slug);

        Assert.Empty(problems);
        Assert.All(
            Catalogue.Value.Where(model => model.Slug.StartsWith("Flux", StringComparison.Ordinal)),
            model => Assert.NotEmpty(model.Loras ?? []));
    }

    [Fact]
    public void WireQuirksArePresent()
    {
        using var document = JsonDocument.Parse(CatalogueJson.Value);
        var infos = document.RootElement.EnumerateArray().Select(model => model.GetProperty("info")).ToList();
        var objects = infos.Where(info => info.ValueKind == JsonValueKind.Object).ToList();

        var numericStrings = objects
            .SelectMany(info => SectionValues(info, "limits").Concat(SectionValues(info, "defaults")))
            .Count(value => value.ValueKind == JsonValueKind.String
                && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var features = objects.SelectMany(info => SectionValues(info, "features")).ToList();

        Assert.True(numericStrings > 0, "No limit or default is a numeric string.");
        Assert.Contains(features, value => value.ValueKind == JsonValueKind.String && value.GetString() is "0" or "1");
        Assert.Contains(features, value => value.ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.Contains(infos, info => info.ValueKind == JsonValueKind.Array && info.GetArrayLength() == 0);
    }

    [Fact]
    public void EmptyArrayInfoReadsAsNoInfo()
    {
        var whisper = Model("WhisperLargeV3").Info;

        Assert.Empty(whisper.Limits);
        Assert.Empty(whisper.Features);
        Assert.Empty(whisper.Defaults);
    }

    private static bool NeedsModelDefault(WireField field) =>
        field.Required && !field.IsFile && field.Type != WireType.Boolean && !CallerSuppliedFields.Contains(field.Name);

    private static IEnumerable<DryApiModel> SpeechModels() =>
        Catalogue.Value.Where(model => model.InferenceTypes.Contains("txt2audio"));

    private static IEnumerable<JsonElement> SectionValues(JsonElement info, string section) =>
        info.TryGetProperty(section, out var values) && values.ValueKind == JsonValueKind.Object
            ? values.EnumerateObject().Select(property => property.Value)
            : [];

    private static DryApiModel Model(string slug) => Catalogue.Value.Single(model => model.Slug == slug);

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string CataloguePath() =>
        RepositoryFiles.PathOf("src", "DryApi.Simulator", "Data", "models.json")
        ?? throw new InvalidOperationException($"No {RepositoryFiles.SolutionFileName} above {AppContext.BaseDirectory}.");
}
