using System.Text.RegularExpressions;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Webhooks;

namespace DryApi.Mcp.Logging;

/// <summary>
/// Masks what must never reach a log: dryAPI keys (<c>&lt;digits&gt;|&lt;secret&gt;</c>), JWTs and sealed tokens (JWE
/// compact form), bearer credentials, <c>Authorization</c> header values, our webhook tokens, and token-like form or JSON fields.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        var redacted = CompactToken().Replace(text, Mask);
        redacted = ApiKey().Replace(redacted, match => match.Value == DemoUpstream.DemoKey ? match.Value : Mask);
        redacted = BearerCredential().Replace(redacted, match => match.Groups[1].Value == DemoUpstream.DemoKey ? match.Value : "Bearer " + Mask);
        redacted = AuthorizationValue().Replace(redacted, "$1" + Mask);
        redacted = WebhookToken().Replace(redacted, WebhookTokens.Prefix + Mask);
        return SecretField().Replace(redacted, "$1" + Mask);
    }

    /// <summary>A JWT (3 segments) or JWE (5 segments) in compact form; their JSON header always encodes to <c>eyJ</c>.</summary>
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,4}")]
    private static partial Regex CompactToken();

    /// <summary>dryAPI's key shape, <c>&lt;digits&gt;|&lt;secret&gt;</c>. The demo mode's public key stays readable.</summary>
    [GeneratedRegex(@"\b\d{1,12}\|[A-Za-z0-9][^\s""'|,;&<>()\[\]{}]{5,}")]
    private static partial Regex ApiKey();

    /// <summary>
    /// A bearer credential. Challenge parameters (<c>Bearer resource_metadata="…"</c>) and message-template
    /// placeholders (<c>Bearer {Key}</c>) are not credentials; the demo mode's public key stays readable.
    /// </summary>
    [GeneratedRegex(@"(?i)\bBearer\s+(?![A-Za-z_]+="")(?!\*\*\*)(?!\{)([^\s""',;]+)")]
    private static partial Regex BearerCredential();

    /// <summary>An Authorization header's value; bearer values were already handled above.</summary>
    [GeneratedRegex(@"(?i)(\b(?:Proxy-)?Authorization[""']?\s*[:=]\s*[""']?)(?!\*\*\*|Bearer\s)[^\s""',;][^""'\r\n,;]*")]
    private static partial Regex AuthorizationValue();

    /// <summary>The capability in our webhook URLs (<see cref="WebhookTokens"/>), e.g. in a request path.</summary>
    [GeneratedRegex(@"\bwhk_[A-Za-z0-9_-]{16,}")]
    private static partial Regex WebhookToken();

    [GeneratedRegex(@"(?i)(\b(?:access_token|refresh_token|id_token|code_verifier|client_secret|api_key)[""']?\s*[:=]\s*[""']?)(?!\*\*\*)[^&\s""',;]+")]
    private static partial Regex SecretField();
}
