using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// Guards against DNS rebinding: a browser request must come from a configured origin (or loopback, when allowed).
/// Requests without an <c>Origin</c> header (desktop and cloud clients) are not browser requests and pass.
/// </summary>
internal sealed class OriginPolicy(IOptions<McpHostOptions> options)
{
    public bool Allows(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        var settings = options.Value;
        return (settings.AllowLoopbackOrigins && uri.IsLoopback)
               || settings.AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
