using Microsoft.Net.Http.Headers;

namespace DryApi.Mcp.Auth;

/// <summary>
/// Reads the url-encoded forms OAuth posts (<c>/token</c>, the authorize page; their size is capped where they are
/// mapped). A multipart body is refused unread: ASP.NET Core may buffer one to a temporary file, which a read-only
/// container cannot write.
/// </summary>
internal static class UrlEncodedForm
{
    public const string Requirement = "an application/x-www-form-urlencoded body";

    /// <summary>The form, or null when the body is not <see cref="Requirement"/> or is malformed.</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
