using System.Globalization;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Simulator.Catalogue;
using DryApi.Simulator.Hosting;
using DryApi.Simulator.Wire;
using Microsoft.AspNetCore.Http;

namespace DryApi.Simulator.Api;

/// <summary>
/// <c>/models</c> as a Laravel paginated resource: the catalogue's models exactly as stored, filtered by
/// <c>filter[inference_types]</c> (any spelling of a type), with <c>links</c> and <c>meta</c>. Like Laravel, the
/// page links carry only <c>page</c>, not the other query parameters.
/// </summary>
internal sealed class ModelPager(SimulatorState state)
{
    public Task PageAsync(HttpContext context, RequestInput input)
    {
        var perPage = input.Integer("per_page") is { } requested and > 0 ? (int)Math.Min(requested, int.MaxValue) : state.Options.DefaultPerPage;
        var page = input.Integer("page") is { } requestedPage and > 0 ? (int)Math.Min(requestedPage, int.MaxValue) : 1;
        var filter = input.Strings("filter[inference_types]").Select(InferenceTypes.Canonical).ToHashSet(StringComparer.Ordinal);
        var models = state.Catalogue.Models.Where(m => filter.Count == 0 || m.InferenceTypes.Overlaps(filter)).ToList();

        var total = models.Count;
        var lastPage = Math.Max(1, (int)Math.Ceiling(total / (double)perPage));
        var items = models.Skip((int)Math.Min((page - 1L) * perPage, int.MaxValue)).Take(perPage).ToList();
        var path = $"{context.Request.Scheme}://{context.Request.Host}{DryApiOperations.BasePath}{DryApiOperations.Models.Contract.Path}";
        var from = items.Count > 0 ? (page - 1) * perPage + 1 : (int?)null;

        var body = new JsonObject
        {
            ["data"] = new JsonArray([.. items.Select(m => JsonNode.Parse(m.Raw.GetRawText()))]),
            ["links"] = new JsonObject
            {
                ["first"] = PageUrl(path, 1),
                ["last"] = PageUrl(path, lastPage),
                ["prev"] = page > 1 ? PageUrl(path, page - 1) : null,
                ["next"] = page < lastPage ? PageUrl(path, page + 1) : null,
            },
            ["meta"] = new JsonObject
            {
                ["current_page"] = page,
                ["from"] = from,
                ["last_page"] = lastPage,
                ["path"] = path,
                ["per_page"] = perPage,
                ["to"] = from is null ? null : from + items.Count - 1,
                ["total"] = total,
            },
        };
        return ApiResponses.Ok(context, body);
    }

    private static string PageUrl(string path, int page) => $"{path}?page={page.ToString(CultureInfo.InvariantCulture)}";
}
