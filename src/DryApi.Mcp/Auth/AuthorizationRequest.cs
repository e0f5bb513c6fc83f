using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DryApi.Mcp.Auth;

/// <summary>The parameters of an authorization request, read from the query (GET) or the page's form (POST).</summary>
internal sealed class AuthorizationRequest(Func<string, string?> parameter)
{
    private static readonly string[] Names =
        ["client_id", "redirect_uri", "response_type", "code_challenge", "code_challenge_method", "state", "resource", "scope"];

    private readonly KeyValuePair<string, string>[] fields =
        [.. Names.Select(name => (Name: name, Value: parameter(name))).Where(pair => pair.Value is not null).Select(pair => KeyValuePair.Create(pair.Name, pair.Value!))];

    public string? RedirectUri => fields.FirstOrDefault(pair => pair.Key == "redirect_uri").Value;

    /// <summary>The parameters the page carries through to its POST, as hidden fields.</summary>
    public IEnumerable<KeyValuePair<string, string>> Fields() => fields;

    /// <summary>A digest of every parameter, so a form token fits only the request it was issued for.</summary>
    public string Digest()
    {
        var canonical = string.Join('\n', Fields().Select(field => field.Key + "=" + field.Value));
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
