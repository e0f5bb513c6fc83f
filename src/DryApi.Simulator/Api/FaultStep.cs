using System.Globalization;
using DryApi.Simulator.Hosting;
using DryApi.Simulator.RateLimits;
using Microsoft.AspNetCore.Http;

namespace DryApi.Simulator.Api;

/// <summary>Applies the request-level faults (status, slowness, dropped connections, broken JSON) that match a request.</summary>
internal sealed class FaultStep(RequestDelegate next, SimulatorState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.Get<ApiRequest>();
        var rule = request is null
            ? null
            : state.Faults.Take(request.ApiKey, context.Request.Path.Value ?? "",
                FaultKind.Status, FaultKind.Slow, FaultKind.DropBeforeHandling, FaultKind.DropAfterHandling, FaultKind.MalformedJson);
        switch (rule?.Kind)
        {
            case null:
                await next(context);
                break;
            case FaultKind.Status:
                await AnswerStatus(context, request!, rule);
                break;
            case FaultKind.Slow:
                // A server does not notice a client giving up: the request is handled after the delay regardless.
                await Task.Delay(rule.Delay, state.Stopping);
                await next(context);
                break;
            case FaultKind.DropBeforeHandling:
                request!.Drop = ConnectionDrop.BeforeHandling;
                break;
            case FaultKind.DropAfterHandling:
                await HandleSilently(context);
                request!.Drop = ConnectionDrop.AfterHandling;
                break;
            case FaultKind.MalformedJson:
                await AnswerTruncated(context, await HandleSilently(context));
                break;
        }
    }

    private Task AnswerStatus(HttpContext context, ApiRequest request, FaultRule rule)
    {
        if (rule.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            var tier = request.ApiKey is null ? null : state.Accounts.TryFind(request.ApiKey)?.Tier;
            var limit = ApiRequest.OperationOf(context) is { } operation && tier is { } known
                ? RateLimitPolicy.For(operation.Contract, known)
                : null;
            var headers = context.Response.Headers;
            headers["X-RateLimit-Limit"] = (limit?.PerMinute ?? 60).ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = "0";
            if (rule.RateLimitType == "daily" || limit?.PerDay is not null)
            {
                headers["X-RateLimit-Daily-Limit"] = (limit?.PerDay ?? 100).ToString(CultureInfo.InvariantCulture);
                headers["X-RateLimit-Daily-Remaining"] = rule.RateLimitType == "daily" ? "0" : "1";
            }

            headers["X-RateLimit-Type"] = rule.RateLimitType;
            headers.RetryAfter = rule.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return ApiResponses.ForStatus(context, rule.StatusCode);
    }

    /// <summary>Handles the request with its response body kept back, and returns that body.</summary>
    private async Task<byte[]> HandleSilently(HttpContext context)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        return buffer.ToArray();
    }

    private static Task AnswerTruncated(HttpContext context, byte[] body)
    {
        var truncated = body.Length > 1 ? body[..(body.Length / 2)] : "{\"data\":"u8.ToArray();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = truncated.Length;
        return context.Response.Body.WriteAsync(truncated, context.RequestAborted).AsTask();
    }
}
