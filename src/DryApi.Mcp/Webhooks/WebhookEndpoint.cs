using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace DryApi.Mcp.Webhooks;

/// <summary>
/// <c>POST /webhooks/dryapi/{token}</c>: dryAPI's job webhooks. An unknown or expired token gets 404 before the body is
/// read (and so does a hint for another replica's wait while the backplane is down, so dryAPI retries it); a body over <see cref="MaxBodyBytes"/> gets 413; anything else of ours 204, so dryAPI does not retry it. The
/// signature is not checked: the secret is each caller's account's, which this server does not have; the token is the
/// proof, and the webhook only ever wakes a wait.
/// </summary>
internal static class WebhookEndpoint
{
    /// <summary>dryAPI's payloads are well under 1 KB.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapJobWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var webhooks = endpoints.ServiceProvider.GetRequiredService<JobWebhooks>();
        if (webhooks.HasPublicUrl)
        {
            endpoints.MapPost(JobWebhooks.PathPrefix + "{token}", HandleAsync);
            webhooks.Served();
        }

        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, string token, JobWebhooks webhooks)
    {
        if (webhooks.WaitOf(token) is not { } waitId)
        {
            return Results.NotFound();
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            using var payload = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var handedOn = await webhooks.HintAsync(waitId, Text(payload.RootElement, "event"), payload.RootElement.TryGetProperty("data", out var data) ? Text(data, "job_request_id") : null);
            return handedOn ? Results.NoContent() : Results.NotFound();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
