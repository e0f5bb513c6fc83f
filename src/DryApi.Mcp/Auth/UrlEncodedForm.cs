using Microsoft.Net.Http.Headers;

namespace DryApi.Mcp.Auth;

/// <summary>
/// The url-encoded forms OAuth posts (<c>/token</c>, the authorize page). A multipart body is refused unread:
/// ASP.NET Core may buffer one to a temporary file, which a read-only container cannot write.
/// </summary>
internal static class UrlEncodedForm
{
    public const string Requirement = "an application/x-www-form-urlencoded body";

    public static bool Is(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
