using System.Globalization;
using DryApi.Client.Http;

namespace DryApi.Client.Responses;

/// <summary>
/// What dryAPI's rate-limit headers said on one answer: the endpoint's limit per minute and per day, how many of
/// each remain, and (on a 429) which window was exceeded and when to retry. A header dryAPI did not send is null.
/// </summary>
public sealed record RateLimitReading(
    int? MinuteLimit, int? MinuteRemaining, int? DailyLimit, int? DailyRemaining, string? ExceededWindow, TimeSpan? RetryAfter)
{
    public bool DailyExceeded => ExceededWindow == "daily";

    /// <summary>The reading of a response, or null when it carries no rate-limit header at all.</summary>
    internal static RateLimitReading? Of(HttpResponseMessage response)
    {
        var reading = new RateLimitReading(
            Number(response, "X-RateLimit-Limit"),
            Number(response, "X-RateLimit-Remaining"),
            Number(response, "X-RateLimit-Daily-Limit"),
            Number(response, "X-RateLimit-Daily-Remaining"),
            ErrorResponseReader.Header(response, "X-RateLimit-Type"),
            (int)response.StatusCode == 429 ? ErrorResponseReader.RetryAfter(response) : null);
        return reading == Empty ? null : reading;
    }

    private static readonly RateLimitReading Empty = new(null, null, null, null, null, null);

    private static int? Number(HttpResponseMessage response, string name) =>
        int.TryParse(ErrorResponseReader.Header(response, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
