using DryApi.Client.Responses;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Resources;

/// <summary>
/// <c>completion/complete</c> for the model resource templates: <c>inference_type</c> from the known inference types,
/// <c>slug</c> from the caller's model list (only that type's models when <c>context.arguments</c> names one). Values
/// match the typed prefix ignoring case; at most 100 are returned, with the total and whether there are more.
/// </summary>
internal sealed class ModelCompletions(CallerModelCatalog catalogs)
{
    public const int MaxValues = 100;

    public async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, CancellationToken cancellationToken)
    {
        var parameters = request.Params ?? throw new McpProtocolException("completion/complete needs params.", McpErrorCode.InvalidParams);
        if (parameters.Ref is not ResourceTemplateReference { Uri: ModelResourceUri.ByInferenceType or ModelResourceUri.Card } template)
        {
            throw new McpProtocolException(
                $"Nothing to complete for {parameters.Ref}: this server has no prompts, and completes the arguments of the resource templates " +
                $"{ModelResourceUri.ByInferenceType} and {ModelResourceUri.Card}.",
                McpErrorCode.InvalidParams);
        }

        var argument = parameters.Argument.Name;
        var candidates = argument switch
        {
            ModelResourceUri.InferenceTypeArgument => InferenceTypes.Known(await catalogs.GetAsync(request, cancellationToken)),
            ModelResourceUri.SlugArgument when template.Uri == ModelResourceUri.Card =>
                Slugs(await catalogs.GetAsync(request, cancellationToken), parameters.Context?.Arguments),
            _ => throw new McpProtocolException(
                $"{template.Uri} has no argument '{argument}'. Its arguments: " +
                (template.Uri == ModelResourceUri.Card
                    ? $"{ModelResourceUri.InferenceTypeArgument}, {ModelResourceUri.SlugArgument}."
                    : $"{ModelResourceUri.InferenceTypeArgument}."),
                McpErrorCode.InvalidParams),
        };

        var prefix = parameters.Argument.Value ?? string.Empty;
        var matches = candidates.Where(candidate => candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        return new CompleteResult
        {
            Completion = new Completion
            {
                Values = [.. matches.Take(MaxValues)],
                Total = matches.Count,
                HasMore = matches.Count > MaxValues,
            },
        };
    }

    private static IEnumerable<string> Slugs(ModelCatalog catalog, IDictionary<string, string>? resolved)
    {
        var models = resolved is not null
                     && resolved.TryGetValue(ModelResourceUri.InferenceTypeArgument, out var inferenceType)
                     && inferenceType is { Length: > 0 }
            ? InferenceTypes.ModelsOf(catalog, inferenceType)
            : catalog.Models;
        return models.Select(model => model.Slug).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
    }
}
