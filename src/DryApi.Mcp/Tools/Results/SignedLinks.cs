using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace DryApi.Mcp.Tools.Results;

/// <summary>
/// When a signed result link stops working, read from the link itself: Laravel's temporary URLs and S3's SigV2
/// links carry the moment (<c>expires</c>, <c>Expires</c>: Unix seconds), S3's SigV4 links a start and a lifetime
/// (<c>X-Amz-Date</c>, <c>X-Amz-Expires</c>: seconds). dryAPI's status answer says nothing of it otherwise.
/// </summary>
internal static class SignedLinks
{
    public static DateTimeOffset? ExpiryOf(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var query = QueryHelpers.ParseQuery(uri.Query);
        if ((Text(query, "expires") ?? Text(query, "Expires")) is { } unix)
        {
            return long.TryParse(unix, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }

        return Text(query, "X-Amz-Date") is { } signedAt
               && DateTimeOffset.TryParseExact(signedAt, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
               && Text(query, "X-Amz-Expires") is { } lifetime
               && int.TryParse(lifetime, NumberStyles.None, CultureInfo.InvariantCulture, out var lifetimeSeconds)
            ? start.AddSeconds(lifetimeSeconds)
            : null;
    }

    /// <summary>What the result text says of a link's lifetime.</summary>
    public static string Describe(DateTimeOffset? expiry) =>
        expiry is { } at
            ? $"a signed link that expires at {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC"
            : "a signed link that expires";

    private static string? Text(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
