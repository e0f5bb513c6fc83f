using System.Text.Json;
using System.Text.Json.Serialization;
using DryApi.Simulator.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DryApi.Simulator.Hosting;

/// <summary>
/// The simulator's own HTTP API under <c>/_sim/</c>, without authentication, for tests that run it out of
/// process: faults, the journal, webhook deliveries, keys, and the result files. Its JSON is camelCase with enums as names, e.g.
/// <c>{"kind":"Status","statusCode":503,"count":2}</c>.
/// </summary>
internal static class ControlApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(IEndpointRouteBuilder endpoints, SimulatorState state)
    {
        endpoints.MapPost("/_sim/faults", async context =>
        {
            if (await ReadAsync<FaultRule>(context) is { } rule)
            {
                state.Faults.Add(rule);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            }
        });
        endpoints.MapDelete("/_sim/faults", context =>
        {
            state.Faults.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        endpoints.MapGet("/_sim/requests", context => context.Response.WriteAsJsonAsync(state.Journal.Entries, Json, context.RequestAborted));
        endpoints.MapDelete("/_sim/requests", context =>
        {
            state.Journal.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        endpoints.MapGet("/_sim/webhooks", context => context.Response.WriteAsJsonAsync(state.Webhooks.Entries, Json, context.RequestAborted));
        endpoints.MapPost("/_sim/keys", async context =>
        {
            if (await ReadAsync<SimulatorKey>(context) is { Key.Length: > 0 } key)
            {
                state.Accounts.Add(key);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        });
        endpoints.MapGet("/_sim/results/{id}/{file}", new ResultDownloads(state).ServeAsync);
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, context.RequestAborted);
        }
        catch (JsonException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }
    }
}
