using System.Text.Json;
using DryApi.Client.Http;
using DryApi.Client.Responses;

namespace DryApi.Simulator.Catalogue;

/// <summary>
/// The models the simulator offers: each kept as dryAPI sends it (numeric strings, "0"/"1" flags, <c>info: []</c>)
/// for <c>/models</c>, and read with the client's <see cref="DryApiModel"/> for validation.
/// </summary>
internal sealed class ModelCatalogue
{
    private readonly Dictionary<string, CatalogueModel> _bySlug;

    public ModelCatalogue(IReadOnlyList<CatalogueModel> models)
    {
        Models = models;
        _bySlug = models.ToDictionary(m => m.Model.Slug, StringComparer.Ordinal);
    }

    public IReadOnlyList<CatalogueModel> Models { get; }

    /// <summary>The catalogue embedded in the simulator (<c>Data/models.json</c>).</summary>
    public static ModelCatalogue LoadEmbedded()
    {
        using var stream = typeof(ModelCatalogue).Assembly.GetManifestResourceStream("DryApi.Simulator.models.json")
            ?? throw new InvalidOperationException("The embedded model catalogue DryApi.Simulator.models.json is missing.");
        using var document = JsonDocument.Parse(stream);
        return new ModelCatalogue([.. document.RootElement.EnumerateArray().Select(CatalogueModel.Read)]);
    }

    /// <summary>Models are looked up by slug, case-sensitively, as dryAPI does.</summary>
    public CatalogueModel? Find(string slug) => _bySlug.GetValueOrDefault(slug);
}

/// <summary>A model as sent on the wire and as read for validation.</summary>
internal sealed class CatalogueModel
{
    private CatalogueModel(JsonElement raw, DryApiModel model)
    {
        Raw = raw;
        Model = model;
        InferenceTypes = new HashSet<string>(model.InferenceTypes.Select(Catalogue.InferenceTypes.Canonical), StringComparer.Ordinal);
    }

    public JsonElement Raw { get; }

    public DryApiModel Model { get; }

    /// <summary>The model's inference types in their canonical spelling.</summary>
    public IReadOnlySet<string> InferenceTypes { get; }

    public bool Supports(string inferenceType) => InferenceTypes.Contains(Catalogue.InferenceTypes.Canonical(inferenceType));

    public static CatalogueModel Read(JsonElement element) =>
        new(element.Clone(), element.Deserialize<DryApiModel>(DryApiJson.Options)
            ?? throw new InvalidOperationException("A model in the catalogue is null."));
}
