namespace DryApi.Mcp.Auth;

/// <summary>PKCE with S256 only (RFC 7636; OAuth 2.1 refuses <c>plain</c>). OpenIddict verifies the verifier; this checks a challenge's shape.</summary>
internal static class Pkce
{
    public const string Method = "S256";

    /// <summary>An S256 challenge is the base64url SHA-256 of the verifier: exactly 43 characters.</summary>
    public static bool IsWellFormedChallenge(string? challenge) =>
        challenge is { Length: 43 } && challenge.All(IsBase64UrlCharacter);

    private static bool IsBase64UrlCharacter(char character) => char.IsAsciiLetterOrDigit(character) || character is '-' or '_';
}
