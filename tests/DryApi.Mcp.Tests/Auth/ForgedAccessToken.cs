using System.Security.Cryptography;
using System.Text;
using DryApi.Mcp.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// An access token in the server's own format (HS256 inside dir/A256CBC-HS512, <c>at+jwt</c>), minted outside it with
/// keys derived from <paramref name="sealingSecret"/> as the server derives them, for an audience the test chooses.
/// </summary>
internal static class ForgedAccessToken
{
    public static string Mint(OAuthHost host, string sealingSecret, string audience)
    {
        var secret = Convert.FromBase64String(sealingSecret);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = host.Issuer + "/",
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            TokenType = "at+jwt",
            AdditionalHeaderClaims = new Dictionary<string, object> { ["typ"] = "at+jwt" },
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "dryapi",
                ["jti"] = Guid.NewGuid().ToString(),
                [AuthorizationServer.ApiKeyClaim] = OAuthHost.ApiKey,
            },
            SigningCredentials = new SigningCredentials(Derived(secret, "sign", 32), SecurityAlgorithms.HmacSha256),
            EncryptingCredentials = new EncryptingCredentials(Derived(secret, "encrypt", 64), JwtConstants.DirectKeyUseAlg, SecurityAlgorithms.Aes256CbcHmacSha512),
        });
    }

    private static SymmetricSecurityKey Derived(byte[] secret, string use, int length) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, length, salt: [], info: Encoding.UTF8.GetBytes("dryapi-mcp openiddict " + use))) { KeyId = "test-key" };
}
