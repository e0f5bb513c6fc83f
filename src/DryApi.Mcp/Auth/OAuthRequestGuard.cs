using Microsoft.AspNetCore.Http.Features;

namespace DryApi.Mcp.Auth;

/// <summary>
/// Runs before routing and before OpenIddict reads anything: gives every spelling of an OAuth path (<c>/TOKEN/</c>,
/// <c>/token/.</c>) its one canonical form, applies <see cref="OAuthRequestLimits"/> (429 with <c>Retry-After</c>;
/// GET and POST of <c>/authorize</c> share a window), refuses bodies over 64 KiB (413) and forms that are not
/// url-encoded (400), and opens discovery, registration and token to browser-based clients (CORS, no cookies).
/// </summary>
internal sealed class OAuthRequestGuard(RequestDelegate next, OAuthRequestLimits limits, OAuthUrls urls)
{
    private const long MaxBodyBytes = 64 * 1024;

    private static readonly string[] Limited = [OAuthUrls.AuthorizePath, OAuthUrls.TokenPath, OAuthUrls.RegisterPath];
    private static readonly string[] FormOnly = [OAuthUrls.AuthorizePath, OAuthUrls.TokenPath];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = Canonical(context.Request.Path);
        if (path is null)
        {
            await next(context);
            return;
        }

        context.Request.Path = path;
        var request = context.Request;
        if (IsOpenToBrowsers(path))
        {
            if (HttpMethods.IsOptions(request.Method))
            {
                AnswerPreflight(context.Response, path == OAuthUrls.RegisterPath || path == OAuthUrls.TokenPath ? HttpMethods.Post : HttpMethods.Get);
                return;
            }

            context.Response.Headers.AccessControlAllowOrigin = "*";
        }

        if (Array.IndexOf(Limited, path) >= 0 && await RefusedAsync(context, path))
        {
            return;
        }

        await next(context);
    }

    private async Task<bool> RefusedAsync(HttpContext context, string path)
    {
        var request = context.Request;
        var asPage = path == OAuthUrls.AuthorizePath;
        IResult? refusal = null;
        if (limits.Refusal(context, path) is { } limited)
        {
            refusal = asPage
                ? AuthorizePage.Error(limited, StatusCodes.Status429TooManyRequests)
                : OAuthResponses.Error(StatusCodes.Status429TooManyRequests, "temporarily_unavailable", limited);
        }
        else if (request.ContentLength > MaxBodyBytes)
        {
            refusal = Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        else if (HttpMethods.IsPost(request.Method) && Array.IndexOf(FormOnly, path) >= 0 && !UrlEncodedForm.Is(request))
        {
            var message = $"Send the request as {UrlEncodedForm.Requirement}.";
            refusal = asPage ? AuthorizePage.Error(message) : OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_request", message);
        }

        if (refusal is null)
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = MaxBodyBytes;
            }

            return false;
        }

        await refusal.ExecuteAsync(context);
        return true;
    }

    /// <summary>The OAuth path <paramref name="path"/> spells (case and a trailing slash aside), or null for any other path.</summary>
    private string? Canonical(PathString path)
    {
        var trimmed = path.Value?.TrimEnd('/') ?? "";
        return OAuthPaths().FirstOrDefault(candidate => string.Equals(candidate, trimmed, StringComparison.OrdinalIgnoreCase));
    }

    private IEnumerable<string> OAuthPaths() =>
    [
        OAuthUrls.AuthorizePath, OAuthUrls.TokenPath, OAuthUrls.RegisterPath, OAuthUrls.AuthorizationServerMetadataPath,
        OAuthUrls.OpenIdConfigurationPath, OAuthUrls.ProtectedResourceMetadataPath, OAuthUrls.ProtectedResourceMetadataPath + urls.McpPath,
    ];

    private static bool IsOpenToBrowsers(string path) => path != OAuthUrls.AuthorizePath;

    private static void AnswerPreflight(HttpResponse response, string method)
    {
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlAllowMethods = method + ", OPTIONS";
        response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type, MCP-Protocol-Version";
        response.Headers.AccessControlMaxAge = "600";
    }
}
