using DryApi.Client.Responses;
using DryApi.Mcp.Hosting;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Resources;

/// <summary>
/// dryAPI's model list as MCP resources, read with the caller's key: <c>dryapi://models</c>, one inference type's
/// models, and one model's card. Listing needs no call to dryAPI; reading uses the per-key cache the job tools use.
/// </summary>
internal sealed class ModelResources(CallerModelCatalog catalogs)
{
    private const string Json = "application/json";

    private static readonly Resource CatalogueResource = new()
    {
        Uri = ModelResourceUri.Catalogue,
        Name = "models",
        Title = "dryAPI models",
        Description = "Every model dryAPI lists for your key: the slug to pass as a job tool's 'model', its inference types, " +
                      "limits, defaults and supported features.",
        MimeType = Json,
    };

    private static readonly ResourceTemplate[] Templates =
    [
        new()
        {
            UriTemplate = ModelResourceUri.ByInferenceType,
            Name = "models-by-inference-type",
            Title = "dryAPI models for one inference type",
            Description = "The models for one inference type, e.g. txt2img, img2img, txt2video, txt2audio or video2text: " +
                          "the slugs a job tool of that type takes as 'model', with limits, defaults and features.",
            MimeType = Json,
        },
        new()
        {
            UriTemplate = ModelResourceUri.Card,
            Name = "model",
            Title = "One dryAPI model",
            Description = "One model's full card for an inference type: limits, defaults, supported features, LoRAs, languages and voices.",
            MimeType = Json,
        },
    ];

    public static ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourcesResult { Resources = [CatalogueResource] });

    public static ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(
        RequestContext<ListResourceTemplatesRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = [.. Templates] });

    public async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri ?? string.Empty;
        var address = ModelResourceUri.Parse(uri) ?? throw NotFound(request, uri,
            $"Unknown resource '{uri}'. This server offers {ModelResourceUri.Catalogue}, {ModelResourceUri.ByInferenceType} and {ModelResourceUri.Card}.");

        var catalog = await catalogs.GetAsync(request, cancellationToken);
        if (address.InferenceType is not { } inferenceType)
        {
            return Contents(uri, ModelCards.List(catalog.Models, null));
        }

        var known = InferenceTypes.Known(catalog);
        if (!known.Contains(inferenceType, StringComparer.Ordinal))
        {
            throw NotFound(request, uri, $"'{inferenceType}' is not an inference type dryAPI has. Valid types: {string.Join(", ", known)}.");
        }

        if (address.Slug is not { } slug)
        {
            return Contents(uri, ModelCards.List(InferenceTypes.ModelsOf(catalog, inferenceType), inferenceType));
        }

        if (Find(catalog, inferenceType, slug) is null)
        {
            catalog = await catalogs.RefreshAsync(request, cancellationToken);
        }

        return Find(catalog, inferenceType, slug) is { } model
            ? Contents(uri, ModelCards.Card(model))
            : throw NotFound(request, uri,
                $"'{slug}' is not a {inferenceType} model dryAPI lists for your key. Valid slugs: " +
                $"{string.Join(", ", InferenceTypes.ModelsOf(catalog, inferenceType).Select(candidate => candidate.Slug))}.");
    }

    /// <summary>A stateless server sends no resource updates, so it does not offer subscriptions (nor declare them).</summary>
    public static ValueTask<EmptyResult> RefuseSubscriptionAsync<TParams>(RequestContext<TParams> request, CancellationToken cancellationToken) =>
        throw new McpProtocolException(
            $"{request.JsonRpcRequest.Method} is not offered: this server is stateless and sends no resource updates. Read the resource again for a fresh copy.",
            McpErrorCode.MethodNotFound);

    private static DryApiModel? Find(ModelCatalog catalog, string inferenceType, string slug) =>
        InferenceTypes.ModelsOf(catalog, inferenceType).FirstOrDefault(model => model.Slug == slug);

    private static ReadResourceResult Contents(string uri, string json) =>
        new() { Contents = [new TextResourceContents { Uri = uri, MimeType = Json, Text = json }] };

    /// <summary>An unresolvable URI: -32002 before the 2026-07-28 revision, -32602 from it on (as the SDK answers).</summary>
    private static McpProtocolException NotFound<TParams>(RequestContext<TParams> request, string uri, string message)
    {
        var version = request.JsonRpcRequest.Context?.ProtocolVersion ?? request.Server.NegotiatedProtocolVersion;
        var code = McpProtocol.IsModern(version) ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound;
        var exception = new McpProtocolException(message, code);
        exception.Data["uri"] = uri;
        return exception;
    }
}
