using DryApi.Client.Contract;

namespace DryApi.Client.Tests.Contract;

/// <summary>
/// Holds the contract facts in <see cref="DryApiOperations"/> against dryAPI's OpenAPI document, so that a change
/// on either side is caught. Where we follow dryAPI's documentation or SDK over the schema, the difference is listed
/// in <see cref="DeliberateDeviations"/> with its reason, and a listed difference that no longer exists fails.
/// </summary>
public sealed class ContractMatchesOpenApiTests
{
    private static readonly string[] ImageAndVideoBoosters =
    [
        "clientEnhanceText2ImagePrompt", "clientCalculateText2ImagePromptBoosterPrice",
        "clientEnhanceTextImage2VideoPrompt", "clientCalculateTextImage2VideoPromptBoosterPrice",
        "clientEnhanceImage2ImagePrompt", "clientCalculateImage2ImagePromptBoosterPrice",
    ];

    private static readonly string[] ImageEditBoosters =
        ["clientEnhanceImage2ImagePrompt", "clientCalculateImage2ImagePromptBoosterPrice"];

    private static readonly string[] SpeechBoosters =
        ["clientEnhanceText2SpeechPrompt", "clientCalculateText2SpeechPromptBoosterPrice"];

    private static readonly string[] MusicJobAndPrice = ["requestTxt2Music", "requestPriceForTxt2Music"];

    private static readonly string[] EmbeddingJobAndPrice = ["requestTxt2Embedding", "requestPriceForTxt2Embedding"];

    private static readonly string[] JobsWithWebhook =
    [
        "requestTxt2Image", "requestTxt2Video", "requestImg2Video", "requestAud2Video", "requestTxt2Audio",
        "requestTxt2Music", "requestTxt2Embedding", "requestImg2Txt", "requestVid2Txt", "requestAud2Txt",
        "requestVidFile2Txt", "requestAudioFile2Txt", "requestImage2Image", "requestImgRemoveBg", "requestImgUpscale",
        "requestVidRemoveBg", "requestVidUpscale",
    ];

    private static readonly ContractDeviation[] DeliberateDeviations =
    [
        .. Deviations(ContractAspect.Required, "prompt", "true",
            "The document gives the boosters no required list (only minLength 3); dryAPI's docs and SDK require prompt (api-surface A.4).",
            [.. ImageAndVideoBoosters, .. SpeechBoosters]),
        .. Deviations(ContractAspect.MustBePresent, "negative_prompt", "true",
            "dryAPI rejects a booster body without negative_prompt even when it has no value; the SDK always sends it (api-surface A.4).",
            ImageAndVideoBoosters),
        .. Deviations(ContractAspect.Required, "image", "true",
            "dryAPI's docs page says the image-to-image booster requires a reference image; the document leaves it optional (api-surface A.4 [D]).",
            ImageEditBoosters),
        new("requestPriceForAud2Text", null, ContractAspect.RequiredAlternatives, "audio_url | duration_seconds",
            "The document says only in prose that audio_url is required without duration_seconds and vice versa (api-surface B)."),
        new("requestPriceForTxt2Audio", null, ContractAspect.RequiredAlternatives, "count_text | text",
            "'Either text or count_text must be provided' is prose in the document and the docs (api-surface B)."),
        new("requestImage2Image", null, ContractAspect.RequiredAlternatives, "image | images[]",
            "'Either image or images[] must be provided (not both)' is prose in the document (api-surface A.3)."),
        new("requestTxt2Music", "timesignature", ContractAspect.Enum, "2|3|4|6",
            "'Must be 2, 3, 4, or 6' is prose in the document (api-surface A.1)."),
        .. Bounds("requestTxt2Music", "bpm", "30", "300", "The document gives bpm 30-300 in prose only (api-surface A.1)."),
        .. Bounds("requestTxt2Music", "guidance_scale", "0", "20",
            "The document gives guidance_scale 0-20 in prose only (api-surface A.1)."),
        .. MusicJobAndPrice.SelectMany(id => Bounds(id, "duration", "10", "600",
            "The document gives duration 10-600 s in prose only (api-surface A.1, B).")),
        .. MusicJobAndPrice.SelectMany(id => Bounds(id, "inference_steps", "1", "100",
            "The document gives inference_steps 1-100 in prose only (api-surface A.1, B).")),
        .. Deviations(ContractAspect.MaxItems, "input", "2048",
            "'max 2048 items' is prose in the document (api-surface A.1).",
            EmbeddingJobAndPrice),
        .. Deviations(ContractAspect.HttpsOnly, "webhook_url", "true",
            "'Must be HTTPS' is prose in the document; dryAPI rejects http webhook URLs (api-surface 0, WEBHOOK).",
            JobsWithWebhook),
        new("clientModels", "filter[inference_types]", ContractAspect.Enum, "(none)",
            "The document's item enum holds job-type names (vid2txt, img_rmbg...), but /models filters by the docs' and "
            + "SDK's inference types (video2text, img-rmbg...), so the values are not restricted (api-surface D)."),
    ];

    public static TheoryData<string> OperationIds => [.. DryApiOperations.All.Select(o => o.Contract.OperationId)];

    public static TheoryData<string, string> OperationFields =>
        [.. DryApiOperations.All.SelectMany(o => o.Contract.Fields.Select(f => (o.Contract.OperationId, f.Name)))];

    public static TheoryData<string, string?, ContractAspect> ListedDeviations =>
        [.. DeliberateDeviations.Select(d => (d.OperationId, d.Field, d.Aspect))];

    [Fact]
    public void OperationsAreTheDocumentsOperations()
    {
        var document = OpenApiDocument.LoadOrSkip();

        var ours = DryApiOperations.All.Select(o => Route(o.Contract)).ToHashSet(StringComparer.Ordinal);
        var documented = document.Operations.Select(o => $"{o.Verb} {o.Path}").ToHashSet(StringComparer.Ordinal);

        Assert.True(
            ours.SetEquals(documented),
            $"Only in DryApiOperations: [{string.Join(", ", ours.Except(documented))}]; "
            + $"only in the document ({document.Operations.Count} operations): [{string.Join(", ", documented.Except(ours))}]");
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void OperationIdMatchesDocument(string operationId)
    {
        var (ours, documented) = Operations(operationId);

        Assert.True(
            documented.OperationId == operationId,
            $"{Route(ours)}: the operationId is {operationId} in DryApiOperations but {documented.OperationId} in the document.");
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void EncodingMatchesRequestBody(string operationId)
    {
        AssertAgrees(Disagreement(operationId, null, ContractAspect.Encoding));
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void FieldNamesMatchDocument(string operationId)
    {
        var (ours, documented) = Operations(operationId);

        var ourNames = ours.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var documentedNames = documented.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        Assert.True(
            ourNames.SetEquals(documentedNames),
            $"{operationId}: only in DryApiOperations: [{string.Join(", ", ourNames.Except(documentedNames))}]; "
            + $"only in the document: [{string.Join(", ", documentedNames.Except(ourNames))}]");
    }

    [Theory]
    [MemberData(nameof(OperationIds))]
    public void RequiredAlternativesMatchOneOf(string operationId)
    {
        AssertAgrees(Disagreement(operationId, null, ContractAspect.RequiredAlternatives));
    }

    [Theory]
    [MemberData(nameof(OperationFields))]
    public void FieldMatchesDocument(string operationId, string field)
    {
        AssertAgrees([.. ContractFacts.FieldAspects.Select(aspect => Disagreement(operationId, field, aspect))]);
    }

    [Theory]
    [MemberData(nameof(ListedDeviations))]
    public void ListedDeviationStillDiffersFromDocument(string operationId, string? field, ContractAspect aspect)
    {
        var (ours, documented) = Facts(operationId, field, aspect);
        var listed = Listed(operationId, field, aspect)!;

        Assert.True(
            ours == listed.Ours,
            $"{Name(operationId, field)}: the deviation in {aspect} is listed as {listed.Ours}, but DryApiOperations says {ours}.");
        Assert.True(
            ours != documented,
            $"{Name(operationId, field)}: the listed deviation in {aspect} is gone (both say {ours}); remove it from the list.");
    }

    [Fact]
    public void EachDeviationIsListedOnceWithAReason()
    {
        Assert.All(DeliberateDeviations, d => Assert.False(string.IsNullOrWhiteSpace(d.Reason)));
        Assert.Equal(
            DeliberateDeviations.Length,
            DeliberateDeviations.Select(d => (d.OperationId, d.Field, d.Aspect)).Distinct().Count());
    }

    private static IEnumerable<ContractDeviation> Deviations(
        ContractAspect aspect, string field, string ours, string reason, IEnumerable<string> operationIds) =>
        operationIds.Select(id => new ContractDeviation(id, field, aspect, ours, reason));

    private static ContractDeviation[] Bounds(string operationId, string field, string minimum, string maximum, string reason) =>
    [
        new(operationId, field, ContractAspect.Minimum, minimum, reason),
        new(operationId, field, ContractAspect.Maximum, maximum, reason),
    ];

    private static ContractDeviation? Listed(string operationId, string? field, ContractAspect aspect) =>
        DeliberateDeviations.SingleOrDefault(d => d.OperationId == operationId && d.Field == field && d.Aspect == aspect);

    private static (OperationContract Ours, DocumentedOperation Documented) Operations(string operationId)
    {
        var document = OpenApiDocument.LoadOrSkip();
        var ours = DryApiOperations.All.SingleOrDefault(o => o.Contract.OperationId == operationId)?.Contract;
        Assert.True(ours is not null, $"DryApiOperations has no operation {operationId}.");

        var documented = document.Operations.SingleOrDefault(o => $"{o.Verb} {o.Path}" == Route(ours));
        Assert.True(documented is not null, $"{operationId}: the document has no operation {Route(ours)}.");
        return (ours, documented);
    }

    private static (WireField Ours, WireField Documented) Fields(string operationId, string field)
    {
        var (ours, documented) = Operations(operationId);
        var ourField = ours.Field(field);
        var documentedField = documented.Field(field);

        Assert.True(ourField is not null, $"{Name(operationId, field)} is not in DryApiOperations.");
        Assert.True(documentedField is not null, $"{Name(operationId, field)} is not in the document.");
        return (ourField, documentedField);
    }

    private static (string Ours, string Documented) Facts(string operationId, string? field, ContractAspect aspect)
    {
        if (field is not null)
        {
            var (ourField, documentedField) = Fields(operationId, field);
            return (ContractFacts.Describe(ourField, aspect), ContractFacts.Describe(documentedField, aspect));
        }

        var (ours, documented) = Operations(operationId);
        return aspect switch
        {
            ContractAspect.Encoding => (ContractFacts.Describe(ours.Encoding), ContractFacts.Describe(documented.Encoding)),
            ContractAspect.RequiredAlternatives =>
                (ContractFacts.Describe(ours.RequiredAlternatives), ContractFacts.Describe(documented.RequiredAlternatives)),
            _ => throw new ArgumentOutOfRangeException(nameof(aspect), aspect, "Not an aspect of a whole operation."),
        };
    }

    private static string? Disagreement(string operationId, string? field, ContractAspect aspect)
    {
        var (ours, documented) = Facts(operationId, field, aspect);
        var listed = Listed(operationId, field, aspect);
        return ours == documented || ours == listed?.Ours
            ? null
            : $"{Name(operationId, field)}: {aspect} is {ours} in DryApiOperations but {documented} in the OpenAPI document"
                + (listed is null ? "" : $" (listed as a deliberate deviation to {listed.Ours})");
    }

    private static void AssertAgrees(params string?[] disagreements)
    {
        var found = disagreements.OfType<string>().ToList();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    private static string Route(OperationContract contract) => $"{contract.Verb.ToString().ToUpperInvariant()} {contract.Path}";

    private static string Name(string operationId, string? field) => field is null ? operationId : $"{operationId}.{field}";
}
