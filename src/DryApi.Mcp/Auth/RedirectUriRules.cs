namespace DryApi.Mcp.Auth;

/// <summary>Which redirect URIs may be registered, and whether a requested one matches a registered or allowed one.</summary>
internal static class RedirectUriRules
{
    /// <summary>
    /// An absolute https URI, or http on a loopback host, in ASCII (an international host in punycode, the rest
    /// percent-encoded), without user info, fragment, backslash or whitespace. A URI that fails this is never redirected to.
    /// </summary>
    public static bool TryParse(string? value, out Uri uri)
    {
        uri = null!;
        if (string.IsNullOrEmpty(value) || value.Length > 2048 || !System.Text.Ascii.IsValid(value)
            || value.Any(character => character is '#' or '\\' || char.IsWhiteSpace(character) || char.IsControl(character))
            || !Uri.TryCreate(value, UriKind.Absolute, out var parsed)
            || parsed.UserInfo.Length > 0
            || !(parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback)))
        {
            return false;
        }

        uri = parsed;
        return true;
    }

    /// <summary>
    /// Exact string match with a registered URI; for loopback http the port may differ (RFC 8252 §7.3: native apps
    /// listen on whatever port is free).
    /// </summary>
    public static bool Matches(string registered, string requested)
    {
        if (string.Equals(registered, requested, StringComparison.Ordinal))
        {
            return true;
        }

        return TryParse(registered, out var expected) && TryParse(requested, out var actual)
               && expected.Scheme == Uri.UriSchemeHttp && actual.Scheme == Uri.UriSchemeHttp && expected.IsLoopback
               && string.Equals(expected.Host, actual.Host, StringComparison.OrdinalIgnoreCase)
               && string.Equals(expected.PathAndQuery, actual.PathAndQuery, StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether an allow-list entry admits the URI. Entries are exact URIs; prefixes ending in <c>/</c> (any path below,
    /// without dot segments or encoded slashes); or a bare loopback origin such as <c>http://127.0.0.1</c> (any port and path).
    /// </summary>
    public static bool IsAllowedBy(string entry, string requested)
    {
        if (!TryParse(requested, out var actual) || !Uri.TryCreate(entry, UriKind.Absolute, out var allowed))
        {
            return false;
        }

        if (IsBareLoopbackOrigin(entry, allowed))
        {
            return actual.Scheme == Uri.UriSchemeHttp && string.Equals(actual.Host, allowed.Host, StringComparison.OrdinalIgnoreCase);
        }

        if (entry.EndsWith('/'))
        {
            return requested.StartsWith(entry, StringComparison.Ordinal)
                   && string.Equals(actual.Host, allowed.Host, StringComparison.Ordinal)
                   && !HasPathTricks(requested[entry.Length..]);
        }

        return string.Equals(entry, requested, StringComparison.Ordinal);
    }

    private static bool IsBareLoopbackOrigin(string entry, Uri allowed) =>
        allowed.Scheme == Uri.UriSchemeHttp && allowed.IsLoopback && allowed.IsDefaultPort
        && entry.TrimEnd('/').Length == (allowed.Scheme + "://" + allowed.Host).Length;

    private static bool HasPathTricks(string rest) =>
        rest.Contains("..", StringComparison.Ordinal)
        || rest.Contains("%2e", StringComparison.OrdinalIgnoreCase)
        || rest.Contains("%2f", StringComparison.OrdinalIgnoreCase)
        || rest.Contains("%5c", StringComparison.OrdinalIgnoreCase)
        || rest.StartsWith('/');
}
