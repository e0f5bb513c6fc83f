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

    private readonly string[] oauthPaths =
    [
        OAuthUrls.AuthorizePath, OAuthUrls.TokenPath, OAuthUrls.RegisterPath, OAuthUrls.AuthorizationServerMetadataPath,
        OAuthUrls.OpenIdConfigurationPath, OAuthUrls.ProtectedResourceMetadataPath, OAuthUrls.ProtectedResourceMetadataPath + urls.McpPath,
    ];

    public async Task InvokeAsync(HttpContext context)
    {
        if (Canonical(context.Request.Path) is not { } path)
        {
            await next(context);
            return;
        }

        context.Request.Path = path;
        if (path != OAuthUrls.AuthorizePath) // the key page is for the user's own browser only
        {
            if (HttpMethods.IsOptions(context.Request.Method))
            {
                AnswerPreflight(context.Response, path is OAuthUrls.RegisterPath or OAuthUrls.TokenPath ? HttpMethods.Post : HttpMethods.Get);
                return;
            }

            context.Response.Headers.AccessControlAllowOrigin = "*";
        }

        if (path is (OAuthUrls.AuthorizePath or OAuthUrls.TokenPath or OAuthUrls.RegisterPath) && Refusal(context, path) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>Null when the request may go ahead (its body then limited to 64 KiB); else the refusal to send.</summary>
    private IResult? Refusal(HttpContext context, string path)
    {
        var request = context.Request;
        var asPage = path == OAuthUrls.AuthorizePath;
        if (limits.Refusal(context, path) is { } limited)
        {
            return asPage
                ? AuthorizePage.Error(limited, StatusCodes.Status429TooManyRequests)
                : OAuthResponses.Error(StatusCodes.Status429TooManyRequests, "temporarily_unavailable", limited);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (HttpMethods.IsPost(request.Method) && path != OAuthUrls.RegisterPath && !UrlEncodedForm.Is(request))
        {
            var message = $"Send the request as {UrlEncodedForm.Requirement}.";
            return asPage ? AuthorizePage.Error(message) : OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_request", message);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }

        return null;
    }

    /// <summary>The OAuth path <paramref name="path"/> spells (case and a trailing slash aside), or null for any other path.</summary>
    private string? Canonical(PathString path)
    {
        var trimmed = path.Value?.TrimEnd('/') ?? "";
        return oauthPaths.FirstOrDefault(candidate => string.Equals(candidate, trimmed, StringComparison.OrdinalIgnoreCase));
    }

    private static void AnswerPreflight(HttpResponse response, string method)
    {
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlAllowMethods = method + ", OPTIONS";
        response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type, MCP-Protocol-Version";
        response.Headers.AccessControlMaxAge = "600";
    }
}
