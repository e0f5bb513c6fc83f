using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DryApi.Mcp.Auth;

/// <summary>
/// CSRF protection for the authorize page without storage: the page gets a random nonce in a SameSite=Strict,
/// HttpOnly cookie and, in a hidden field, a sealed token binding that nonce to the request's parameters. A POST is
/// accepted only when the cookie, the token and the parameters agree.
/// </summary>
internal sealed class AuthorizeFormProtection(SealedArtefacts artefacts, OAuthUrls urls)
{
    public const string FieldName = "form_token";

    private string CookieName => urls.IsSecure ? "__Host-dryapi_authorize" : "dryapi_authorize";

    /// <summary>Sets the cookie and returns the hidden field's value for a page showing <paramref name="request"/>.</summary>
    public string Issue(HttpResponse response, AuthorizationRequest request)
    {
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        response.Cookies.Append(CookieName, nonce, new CookieOptions
        {
            HttpOnly = true,
            Secure = urls.IsSecure,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = SealedArtefacts.AuthorizeFormLifetime,
            IsEssential = true,
        });
        return artefacts.SealAuthorizeForm(new AuthorizeFormBinding(nonce, request.Digest()));
    }

    public async Task<bool> VerifyAsync(HttpRequest httpRequest, string? formToken, AuthorizationRequest request)
    {
        var cookie = httpRequest.Cookies[CookieName];
        if (string.IsNullOrEmpty(cookie) || await artefacts.UnsealAuthorizeFormAsync(formToken) is not { } binding)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(binding.Nonce), Encoding.ASCII.GetBytes(cookie))
               && binding.RequestDigest == request.Digest();
    }
}
