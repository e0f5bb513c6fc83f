using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DryApi.Mcp.Auth;

/// <summary>
/// Seals a payload into a nested JWT: signed (HS256), then encrypted (<c>dir</c>, A256CBC-HS512), so it can be neither
/// read nor altered. The first configured key seals; every configured key unseals, found by <c>kid</c>. Each sealed
/// artefact (a DCR client id, an authorize form's binding, a task id) has a purpose and an audience, so one cannot
/// pass for another or for another server's. OpenIddict's codes and tokens use keys of their own (<see cref="AuthorizationServer"/>).
/// Without a public base URL (OAuth off) the issuer is the product name, so keys alone still tell servers apart.
/// </summary>
internal sealed class TokenSealer
{
    private const string PurposeClaim = "use";
    private const string UnnamedIssuer = "dryapi-mcp";
    private const string PayloadClaim = "dat";
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly string issuer;
    private readonly TimeProvider timeProvider;
    private readonly (SigningCredentials Signing, EncryptingCredentials Encrypting)? sealing;
    private readonly SecurityKey[] signingKeys;
    private readonly SecurityKey[] decryptionKeys;

    public TokenSealer(IOptions<OAuthOptions> options, OAuthUrls urls, TimeProvider timeProvider)
    {
        issuer = urls.Issuer.Length > 0 ? urls.Issuer : UnnamedIssuer;
        this.timeProvider = timeProvider;
        var keys = UsableKeys(options.Value)
            .Select(key => (Signing: DerivedKey(key, "dryapi-mcp sign", 32), Encryption: DerivedKey(key, "dryapi-mcp encrypt", 64)))
            .ToArray();
        signingKeys = [.. keys.Select(key => key.Signing)];
        decryptionKeys = [.. keys.Select(key => key.Encryption)];
        if (keys.Length > 0)
        {
            sealing = (new SigningCredentials(keys[0].Signing, SecurityAlgorithms.HmacSha256),
                new EncryptingCredentials(keys[0].Encryption, JwtConstants.DirectKeyUseAlg, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }

    /// <summary>Whether a configured key can seal (one of at least 32 bytes).</summary>
    public bool CanSeal => sealing is not null;

    /// <summary>Seals <paramref name="payload"/> for one purpose and audience; without a lifetime it never expires.</summary>
    public string Seal<T>(T payload, string purpose, string audience, TimeSpan? lifetime)
    {
        var (signing, encrypting) = sealing ?? throw new InvalidOperationException("Auth:SealingKeys has no usable key.");
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = lifetime is null ? null : now,
            Expires = lifetime is { } span ? now + span : null,
            SigningCredentials = signing,
            EncryptingCredentials = encrypting,
            Claims = new Dictionary<string, object>
            {
                [PurposeClaim] = purpose,
                [PayloadClaim] = JsonSerializer.Serialize(payload, PayloadJson),
                [JwtRegisteredClaimNames.Jti] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            },
        };
        return handler.CreateToken(descriptor);
    }

    /// <summary>Longer tokens are refused unread.</summary>
    public const int MaxTokenLength = 16_384;

    /// <summary>The payload of a token sealed by one of the configured keys for this purpose and audience, still valid; else null.</summary>
    public async Task<T?> UnsealAsync<T>(string? token, string purpose, string audience, bool mustExpire = true)
        where T : class
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || decryptionKeys.Length == 0)
        {
            return null;
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = signingKeys,
            TokenDecryptionKeys = decryptionKeys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, JwtConstants.DirectKeyUseAlg, SecurityAlgorithms.Aes256CbcHmacSha512],
            RequireSignedTokens = true,
            RequireExpirationTime = mustExpire,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) => WithinLifetime(notBefore, expires, mustExpire),
        };

        var result = await handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid
            || result.SecurityToken is not JsonWebToken { InnerToken: { } inner }
            || !inner.TryGetPayloadValue<string>(PurposeClaim, out var actualPurpose) || actualPurpose != purpose
            || !inner.TryGetPayloadValue<string>(PayloadClaim, out var payload))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(payload, PayloadJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool WithinLifetime(DateTime? notBefore, DateTime? expires, bool mustExpire)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return (notBefore is null || notBefore <= now) && (expires is null ? !mustExpire : now < expires);
    }

    /// <summary>The configured keys that can seal: a secret of at least <see cref="OAuthOptionsValidation.MinimumKeyBytes"/> bytes.</summary>
    public static IEnumerable<(string Id, byte[] Secret)> UsableKeys(OAuthOptions settings) =>
        settings.SealingKeys
            .Select(key => (key.Id, Secret: OAuthOptionsValidation.SecretBytes(key.Secret)))
            .Where(key => key.Secret is { Length: >= OAuthOptionsValidation.MinimumKeyBytes })
            .Select(key => (key.Id, key.Secret!));

    /// <summary>A key for one use derived from a configured secret (HKDF-SHA256); each use has its own <paramref name="info"/>.</summary>
    public static byte[] Derive(byte[] secret, string info, int length) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, length, salt: [], info: Encoding.UTF8.GetBytes(info));

    private static SymmetricSecurityKey DerivedKey((string Id, byte[] Secret) key, string info, int length) =>
        new(Derive(key.Secret, info, length)) { KeyId = key.Id };
}
