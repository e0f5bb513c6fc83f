using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DryApi.Mcp.Auth;

/// <summary>The parameters of an authorization request, read from the query (GET) or the page's form (POST).</summary>
internal sealed record AuthorizationRequest(
    string? ClientId,
    string? RedirectUri,
    string? ResponseType,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    string? State,
    string? Resource,
    string? Scope)
{
    public static AuthorizationRequest From(Func<string, string?> parameter) => new(
        parameter("client_id"),
        parameter("redirect_uri"),
        parameter("response_type"),
        parameter("code_challenge"),
        parameter("code_challenge_method"),
        parameter("state"),
        parameter("resource"),
        parameter("scope"));

    /// <summary>The parameters the page carries through to its POST, as hidden fields.</summary>
    public IEnumerable<KeyValuePair<string, string>> Fields() =>
        new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = ResponseType,
            ["code_challenge"] = CodeChallenge,
            ["code_challenge_method"] = CodeChallengeMethod,
            ["state"] = State,
            ["resource"] = Resource,
            ["scope"] = Scope,
        }
        .Where(field => field.Value is not null)
        .Select(field => KeyValuePair.Create(field.Key, field.Value!));

    /// <summary>A digest of every parameter, so a form token fits only the request it was issued for.</summary>
    public string Digest()
    {
        var canonical = string.Join('\n', Fields().Select(field => field.Key + "=" + field.Value));
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
