using System.Text.Json;
using DryApi.Client.Responses;

namespace DryApi.Mcp.Tools.Models;

/// <summary>Chooses a job call's model from the caller's cached model list, refreshing it once for a slug it does not know.</summary>
internal sealed class ModelSelector(ModelCatalogCache cache)
{
    public const string ModelArgument = "model";

    public async Task<ModelChoice> ChooseAsync(ToolCall call, string inferenceType, CancellationToken cancellationToken)
    {
        var key = call.Credential.Fingerprint;
        var slug = call.Arguments is not null && call.Arguments.TryGetValue(ModelArgument, out var given) && given.ValueKind == JsonValueKind.String
            ? given.GetString()
            : null;
        Task<ModelCatalog> Fetch(CancellationToken token) => call.Client.GetModelsAsync(cancellationToken: token);

        var catalog = await cache.GetAsync(key, Fetch, cancellationToken);
        if (slug is not null && !ModelChoice.Lists(catalog, inferenceType, slug))
        {
            catalog = await cache.RefreshAsync(key, Fetch, cancellationToken);
        }

        return ModelChoice.From(catalog, inferenceType, slug);
    }
}
