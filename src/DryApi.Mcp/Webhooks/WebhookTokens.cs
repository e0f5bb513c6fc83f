using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DryApi.Mcp.Webhooks;

/// <summary>
/// The capability in a webhook URL: 16 random bytes naming one job's wait, when the token expires, and an HMAC of both,
/// in base64url after <see cref="Prefix"/>. Unguessable, carries no key, and checked without any lookup, so a forged
/// token costs one HMAC; a genuine one stays valid while dryAPI may still retry its delivery. The MAC key is derived
/// from the first sealing key, so every replica reads every replica's tokens (any configured key reads, so a rotation
/// breaks none); without sealing keys it is this process's own.
/// </summary>
internal sealed class WebhookTokens(TimeProvider timeProvider, IReadOnlyList<byte[]> sealingSecrets)
{
    /// <summary>Marks the token, so the log redactor can mask it wherever a path is logged.</summary>
    public const string Prefix = "whk_";

    /// <summary>dryAPI's retries span about 23 hours (webhooks.md); a delivery within them gets a 2xx, not a failure.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private const int NonceBytes = 16;
    private const int ExpiryBytes = 8;
    private const int MacBytes = 16;

    private readonly byte[][] keys = sealingSecrets.Count == 0
        ? [RandomNumberGenerator.GetBytes(32)]
        : [.. sealingSecrets.Select(secret => Auth.TokenSealer.Derive(secret, "dryapi-mcp webhook tokens", 32))];

    /// <summary>A new token, and the identifier of the wait it names.</summary>
    public (string Token, string WaitId) Issue()
    {
        Span<byte> token = stackalloc byte[NonceBytes + ExpiryBytes + MacBytes];
        RandomNumberGenerator.Fill(token[..NonceBytes]);
        BinaryPrimitives.WriteInt64BigEndian(token[NonceBytes..], (timeProvider.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        Mac(keys[0], token[..(NonceBytes + ExpiryBytes)], token[(NonceBytes + ExpiryBytes)..]);
        return (Prefix + Base64Url(token), Base64Url(token[..NonceBytes]));
    }

    /// <summary>The identifier of the wait a genuine, unexpired token names; null for anything else.</summary>
    public string? Read(string token)
    {
        Span<byte> bytes = stackalloc byte[NonceBytes + ExpiryBytes + MacBytes];
        if (!token.StartsWith(Prefix, StringComparison.Ordinal)
            || !System.Buffers.Text.Base64Url.IsValid(token.AsSpan(Prefix.Length), out var length)
            || length != bytes.Length
            || System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length), bytes) != bytes.Length)
        {
            return null;
        }

        var genuine = false;
        Span<byte> expected = stackalloc byte[MacBytes];
        foreach (var key in keys)
        {
            Mac(key, bytes[..(NonceBytes + ExpiryBytes)], expected);
            genuine |= CryptographicOperations.FixedTimeEquals(expected, bytes[(NonceBytes + ExpiryBytes)..]);
        }

        var expires = BinaryPrimitives.ReadInt64BigEndian(bytes[NonceBytes..]);
        return genuine && timeProvider.GetUtcNow().ToUnixTimeSeconds() < expires ? Base64Url(bytes[..NonceBytes]) : null;
    }

    private static void Mac(byte[] key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, data, full);
        full[..destination.Length].CopyTo(destination);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
