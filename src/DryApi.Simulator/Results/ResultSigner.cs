using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DryApi.Simulator.Results;

/// <summary>
/// Signs result URLs the way Laravel signs temporary URLs (<c>?expires=…&amp;signature=…</c>), with a key made
/// for this simulator instance, so a result URL works only as handed out and only until it expires.
/// </summary>
internal sealed class ResultSigner(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Sign(Uri baseAddress, Guid jobId, string fileName)
    {
        var path = PathOf(jobId, fileName);
        var expires = (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new Uri(baseAddress, $"{path}?expires={expires}&signature={Signature(path, expires)}").AbsoluteUri;
    }

    public bool IsValid(Guid jobId, string fileName, string? expires, string? signature)
    {
        if (expires is null || signature is null || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(PathOf(jobId, fileName), expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))
            && clock.GetUtcNow().ToUnixTimeSeconds() <= expiresAt;
    }

    public static string PathOf(Guid jobId, string fileName) => $"/_sim/results/{jobId:D}/{fileName}";

    private string Signature(string path, string expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{path}?expires={expires}")));
}
