using System.Text;

namespace DryApi.Mcp.Auth;

/// <summary>
/// How a client identified itself at the token endpoint: <c>client_secret_basic</c>, <c>client_secret_post</c> or
/// <c>none</c> (a <c>client_id</c> alone). Using two methods at once is refused.
/// </summary>
internal sealed record ClientCredentials(string ClientId, string? Secret, bool UsedBasic)
{
    /// <summary>The credentials, or an error description when they are malformed or ambiguous.</summary>
    public static (ClientCredentials? Credentials, string? Problem) From(HttpRequest request, IFormCollection form)
    {
        var formId = Single(form, "client_id");
        var formSecret = Single(form, "client_secret");
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (formSecret is not null)
            {
                return (null, "Use one client authentication method: client_secret_basic or client_secret_post, not both.");
            }

            if (Basic(header["Basic ".Length..].Trim()) is not { } basic)
            {
                return (null, "The Basic authorization header is malformed.");
            }

            return formId is not null && formId != basic.Id
                ? (null, "client_id in the form differs from the Basic authorization header.")
                : (new ClientCredentials(basic.Id, basic.Secret.Length == 0 ? null : basic.Secret, UsedBasic: true), null);
        }

        return string.IsNullOrEmpty(formId)
            ? (null, "client_id is required (in the form, or in a Basic authorization header).")
            : (new ClientCredentials(formId, string.IsNullOrEmpty(formSecret) ? null : formSecret, UsedBasic: false), null);
    }

    private static string? Single(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    /// <summary>RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined by a colon and base64-encoded.</summary>
    private static (string Id, string Secret)? Basic(string encoded)
    {
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        return (FormDecode(text[..colon]), FormDecode(text[(colon + 1)..]));
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
