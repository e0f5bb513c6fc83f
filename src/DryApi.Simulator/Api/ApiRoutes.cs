using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DryApi.Simulator.Api;

/// <summary>
/// Routes <c>/api/v1/client/&lt;path&gt;</c> for every operation of the contract with its verb, and answers
/// other paths under <c>/api/</c> as Laravel does: 405 for a known path with the wrong verb, else 404.
/// </summary>
internal static class ApiRoutes
{
    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        var handler = new OperationHandler(state);
        foreach (var operation in DryApiOperations.All)
        {
            var contract = operation.Contract;
            endpoints.MapMethods(DryApiOperations.BasePath + contract.Path, [Method(contract.Verb)], context => handler.HandleAsync(context, operation))
                .WithMetadata(operation)
                .WithDisplayName(contract.OperationId);
        }

        endpoints.Map("/api/{**rest}", AnswerUnknownRoute);
    }

    private static string Method(HttpVerb verb) => verb == HttpVerb.Get ? HttpMethods.Get : HttpMethods.Post;

    private static Task AnswerUnknownRoute(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "").TrimStart('/');
        var allowed = DryApiOperations.All
            .Where(o => Matches(DryApiOperations.BasePath.TrimStart('/') + o.Contract.Path, path))
            .Select(o => Method(o.Contract.Verb))
            .Distinct()
            .ToList();
        return allowed.Count > 0
            ? ApiResponses.Json(context, StatusCodes.Status405MethodNotAllowed, new JsonObject
            {
                ["message"] = $"The {context.Request.Method} method is not supported for route {path}. Supported methods: {string.Join(", ", allowed)}.",
            })
            : ApiResponses.Json(context, StatusCodes.Status404NotFound, new JsonObject { ["message"] = $"The route {path} could not be found." });
    }

    /// <summary>A route template against a path, where <c>{name}</c> stands for any one segment.</summary>
    private static bool Matches(string template, string path)
    {
        var expected = template.Split('/');
        var actual = path.TrimEnd('/').Split('/');
        return expected.Length == actual.Length
            && expected.Zip(actual).All(pair => pair.First.StartsWith('{') || string.Equals(pair.First, pair.Second, StringComparison.Ordinal));
    }
}
