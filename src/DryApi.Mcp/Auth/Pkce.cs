using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DryApi.Mcp.Auth;

/// <summary>PKCE with S256 only (RFC 7636; OAuth 2.1 refuses <c>plain</c>).</summary>
internal static class Pkce
{
    public const string Method = "S256";

    /// <summary>An S256 challenge is the base64url SHA-256 of the verifier: exactly 43 characters.</summary>
    public static bool IsWellFormedChallenge(string? challenge) =>
        challenge is { Length: 43 } && challenge.All(IsBase64UrlCharacter);

    /// <summary>Whether the verifier (43–128 unreserved characters) hashes to the challenge, compared in constant time.</summary>
    public static bool Verifies(string? verifier, string challenge)
    {
        if (verifier is not { Length: >= 43 and <= 128 } || !verifier.All(IsUnreserved))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(challenge));
    }

    private static bool IsBase64UrlCharacter(char character) => char.IsAsciiLetterOrDigit(character) || character is '-' or '_';

    private static bool IsUnreserved(char character) => char.IsAsciiLetterOrDigit(character) || character is '-' or '.' or '_' or '~';
}
