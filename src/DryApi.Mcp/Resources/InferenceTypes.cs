using DryApi.Client.Contract;
using DryApi.Client.Responses;

namespace DryApi.Mcp.Resources;

/// <summary>
/// The inference types an agent may ask about: those of dryAPI's job operations (a type can exist with no model
/// listed right now) and any other type the caller's model list names.
/// </summary>
internal static class InferenceTypes
{
    private static readonly IReadOnlyList<string> OfOperations =
        [.. DryApiOperations.All.Select(operation => operation.Contract.InferenceType).OfType<string>().Distinct(StringComparer.Ordinal)];

    public static IReadOnlyList<string> Known(ModelCatalog catalog) =>
        [.. OfOperations.Concat(catalog.Models.SelectMany(model => model.InferenceTypes)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static IReadOnlyList<DryApiModel> ModelsOf(ModelCatalog catalog, string inferenceType) =>
        [.. catalog.Models.Where(model => model.InferenceTypes.Contains(inferenceType, StringComparer.Ordinal))];
}
