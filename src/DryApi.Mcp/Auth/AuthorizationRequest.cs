using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

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

    /// <summary>The redirect back to the client with the given parameters, plus <c>state</c> and <c>iss</c> (RFC 9207).</summary>
    public string RedirectWith(string issuer, params (string Name, string Value)[] parameters)
    {
        var query = parameters.Select(parameter => KeyValuePair.Create(parameter.Name, (string?)parameter.Value)).ToList();
        if (State is not null)
        {
            query.Add(KeyValuePair.Create("state", (string?)State));
        }

        query.Add(KeyValuePair.Create("iss", (string?)issuer));
        return QueryHelpers.AddQueryString(RedirectUri!, query);
    }
}
