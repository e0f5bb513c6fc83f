using System.Globalization;
using DryApi.Simulator.Hosting;
using DryApi.Simulator.RateLimits;
using Microsoft.AspNetCore.Http;

namespace DryApi.Simulator.Api;

/// <summary>
/// What dryAPI checks before it looks at the parameters, in its order: that the client asks for JSON, that the
/// key is known and not suspended, and that the key is within its rate limit (whose headers every limited
/// response carries).
/// </summary>
internal sealed class GatekeeperStep(RequestDelegate next, SimulatorState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.Get<ApiRequest>();
        var operation = ApiRequest.OperationOf(context);
        if (request is null || operation is null)
        {
            await next(context);
            return;
        }

        if (!WantsJson(context.Request))
        {
            await ApiResponses.RedirectToLogin(context);
            return;
        }

        var account = request.ApiKey is null ? null : state.Accounts.TryFind(request.ApiKey);
        if (account is null)
        {
            await ApiResponses.Unauthorized(context);
            return;
        }

        if (account.Suspended)
        {
            await ApiResponses.Suspended(context);
            return;
        }

        request.Account = account;
        if (RateLimitPolicy.For(operation.Contract, account.Tier) is { } limit)
        {
            var decision = state.RateLimiter.Hit(request.ApiKey!, limit);
            WriteHeaders(context.Response, decision);
            if (!decision.Allowed)
            {
                await ApiResponses.TooManyAttempts(context);
                return;
            }
        }

        await next(context);
    }

    /// <summary>
    /// Laravel's <c>expectsJson()</c>: the first accepted type is JSON, or an AJAX request accepts anything.
    /// Anything else is treated as a browser and redirected.
    /// </summary>
    private static bool WantsJson(HttpRequest request)
    {
        var first = request.Headers.Accept.ToString().Split(',')[0].Split(';')[0].Trim();
        if (first.Contains("/json", StringComparison.OrdinalIgnoreCase) || first.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var ajax = request.Headers.XRequestedWith == "XMLHttpRequest";
        return ajax && first is "" or "*/*" or "*";
    }

    private static void WriteHeaders(HttpResponse response, RateDecision decision)
    {
        var headers = response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.PerMinute.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.MinuteRemaining.ToString(CultureInfo.InvariantCulture);
        if (decision.Limit.PerDay is { } perDay)
        {
            headers["X-RateLimit-Daily-Limit"] = perDay.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Daily-Remaining"] = Math.Max(0, decision.DayRemaining ?? 0).ToString(CultureInfo.InvariantCulture);
        }

        if (decision.ExceededType is { } type)
        {
            headers["X-RateLimit-Type"] = type;
            headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
