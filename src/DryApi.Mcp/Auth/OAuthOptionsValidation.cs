using System.Net;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

/// <summary>
/// Refuses to start with OAuth on but no public URL or sealing key, with a public URL that is not one (without OAuth it
/// still gives jobs our webhooks), or with a sealing key that cannot seal (which with OAuth off would silently leave MCP
/// Tasks unoffered), naming the setting and the fix.
/// </summary>
internal sealed class OAuthOptionsValidation : IValidateOptions<OAuthOptions>
{
    public const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, OAuthOptions options)
    {
        if (!options.Enabled)
        {
            var problems = options.SealingKeys.Count == 0 ? [] : SealingKeyProblems(options.SealingKeys).ToList();
            if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && PublicBaseUrlProblem(options.PublicBaseUrl) is { } problem)
            {
                problems.Add(problem);
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }

        var failures = new List<string>();
        if (PublicBaseUrlProblem(options.PublicBaseUrl) is { } urlProblem)
        {
            failures.Add(urlProblem);
        }

        failures.AddRange(SealingKeyProblems(options.SealingKeys));
        if (options.AccessTokenLifetime <= TimeSpan.Zero || options.RefreshTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:AccessTokenLifetime and Auth:RefreshTokenLifetime must be positive durations such as 01:00:00 and 30.00:00:00.");
        }

        if (options.AuthorizationCodeLifetime <= TimeSpan.Zero || options.AuthorizationCodeLifetime > TimeSpan.FromMinutes(10))
        {
            failures.Add("Auth:AuthorizationCodeLifetime must be positive and at most 00:10:00 (a code can be replayed within it); use 00:01:00.");
        }

        if (options.KeyCheckCacheDuration < TimeSpan.Zero)
        {
            failures.Add("Auth:KeyCheckCacheDuration must not be negative; use 00:05:00.");
        }

        if (options.RequestsPerMinute < 1)
        {
            failures.Add("Auth:RequestsPerMinute must be at least 1; use 60.");
        }

        if (options.KeyChecksPerMinutePerAddress < 1 || options.KeyChecksPerMinute < 1)
        {
            failures.Add("Auth:KeyChecksPerMinutePerAddress and Auth:KeyChecksPerMinute must be at least 1; use 10 and 300.");
        }

        failures.AddRange(options.EffectiveRedirectUris
            .Where(uri => !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http") || uri.Contains('#', StringComparison.Ordinal))
            .Select(uri => $"Auth:AllowedRedirectUris entry '{uri}' must be an absolute http(s) URI without a fragment."));
        failures.AddRange(options.ClientMetadataAllowedNetworks
            .Where(network => !IPNetwork.TryParse(network, out _))
            .Select(network => $"Auth:ClientMetadataAllowedNetworks entry '{network}' must be a CIDR range such as 127.0.0.0/8."));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? PublicBaseUrlProblem(string? value)
    {
        const string Fix = "Set Auth:PublicBaseUrl (env Auth__PublicBaseUrl) to the https origin clients reach this server at, e.g. https://mcp.example.com.";
        if (string.IsNullOrWhiteSpace(value))
        {
            return "Auth:PublicBaseUrl is required when Auth:Enabled is true. " + Fix;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return $"Auth:PublicBaseUrl '{value}' is not an absolute http(s) URL. " + Fix;
        }

        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            return $"Auth:PublicBaseUrl '{value}' must use https (http only for loopback). " + Fix;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return $"Auth:PublicBaseUrl '{value}' must be an origin only, without path, query, fragment or user info. " + Fix;
        }

        return IPAddress.TryParse(uri.IdnHost, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            ? $"Auth:PublicBaseUrl '{value}' is an unspecified address that clients cannot reach. " + Fix
            : null;
    }

    private static IEnumerable<string> SealingKeyProblems(List<SealingKey> keys)
    {
        const string Fix = "Generate a secret with 'openssl rand -base64 32' and set Auth:SealingKeys:0:Id and Auth:SealingKeys:0:Secret (env Auth__SealingKeys__0__Id, Auth__SealingKeys__0__Secret).";
        if (keys.Count == 0)
        {
            yield return "Auth:SealingKeys needs at least one key when Auth:Enabled is true. " + Fix;
            yield break;
        }

        for (var index = 0; index < keys.Count; index++)
        {
            var key = keys[index];
            if (string.IsNullOrWhiteSpace(key.Id) || key.Id.Any(char.IsWhiteSpace))
            {
                yield return $"Auth:SealingKeys:{index}:Id must be a non-empty identifier without spaces (it becomes the tokens' kid). " + Fix;
            }

            if (SecretBytes(key.Secret) is not { Length: >= MinimumKeyBytes })
            {
                yield return $"Auth:SealingKeys:{index}:Secret must be at least {MinimumKeyBytes} random bytes in base64. " + Fix;
            }
        }

        if (keys.Select(key => key.Id).Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            yield return "Auth:SealingKeys must have distinct Ids.";
        }
    }

    public static byte[]? SecretBytes(string secret)
    {
        var buffer = new byte[secret.Length];
        return Convert.TryFromBase64String(secret.Trim(), buffer, out var written) ? buffer[..written] : null;
    }
}
