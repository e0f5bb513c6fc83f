using DryApi.Client;
using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Mcp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DryApi.Mcp.Tests.Resources;

/// <summary>What the harness's simulator lists at <c>/models</c>, read with a key of its own, to hold the resources against.</summary>
internal static class SimulatorCatalogue
{
    public static Task<ModelCatalog> ReadAsync(McpServerHarness harness) =>
        harness.Services.GetRequiredService<DryApiClientFactory>().Create(new DryApiCredential(harness.NewKey()))
            .GetModelsAsync(cancellationToken: TestContext.Current.CancellationToken);

    public static IReadOnlyList<DryApiModel> ModelsOf(this ModelCatalog catalog, string inferenceType) =>
        [.. catalog.Models.Where(model => model.InferenceTypes.Contains(inferenceType))];

    /// <summary>The inference types of dryAPI's job operations and of the listed models.</summary>
    public static IReadOnlyList<string> InferenceTypes(this ModelCatalog catalog) =>
    [
        .. DryApiOperations.All.Select(operation => operation.Contract.InferenceType).OfType<string>()
            .Concat(catalog.Models.SelectMany(model => model.InferenceTypes)).Distinct().Order(StringComparer.Ordinal),
    ];
}
