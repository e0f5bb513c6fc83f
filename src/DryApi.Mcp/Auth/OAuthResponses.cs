using System.Text.Json;
using System.Text.Json.Serialization;

namespace DryApi.Mcp.Auth;

/// <summary>JSON answers of the OAuth endpoints: snake_case, nulls left out, never cached.</summary>
internal static class OAuthResponses
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IResult Body<T>(T body, int statusCode = StatusCodes.Status200OK) =>
        new NoStoreResult(Results.Json(body, Json, "application/json", statusCode));

    /// <summary>An OAuth error body (RFC 6749 §5.2): <c>error</c> and a description that says what to do.</summary>
    public static IResult Error(int statusCode, string error, string description) =>
        Body(new OAuthError(error, description), statusCode);

    private sealed record OAuthError(string Error, string ErrorDescription);

    private sealed class NoStoreResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers.Pragma = "no-cache";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
