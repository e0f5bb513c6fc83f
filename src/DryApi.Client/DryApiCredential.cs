using System.Security.Cryptography;
using System.Text;

namespace DryApi.Client;

/// <summary>
/// The dryAPI API key of the caller of one request. It is sent as <c>Authorization: Bearer</c> and nowhere
/// else; its text form is redacted so it cannot reach a log line or an error message by accident.
/// </summary>
public sealed class DryApiCredential
{
    public DryApiCredential(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (apiKey.Any(char.IsControl))
        {
            throw new ArgumentException("An API key cannot contain control characters.", nameof(apiKey));
        }

        ApiKey = apiKey.Trim();
        Fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey)));
    }

    /// <summary>A one-way hash of the key: tells callers apart (caches, ownership checks) without holding the key.</summary>
    public string Fingerprint { get; }

    internal string ApiKey { get; }

    public override string ToString() => "DryApiCredential(redacted)";
}
