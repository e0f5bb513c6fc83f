namespace DryApi.Mcp.Auth;

/// <summary>
/// The built-in OAuth 2.1 authorization server for connectors (section <c>Auth</c>). It persists nothing: clients,
/// codes and tokens are sealed with <see cref="SealingKeys"/>, so any replica with the same keys can answer.
/// </summary>
public sealed class OAuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Off by default, so the server runs without secrets; then any bearer is forwarded to dryAPI as a key.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The public origin clients reach this server at, e.g. <c>https://mcp.example.com</c>: the issuer, and the base of
    /// every advertised URL. https, or http only on loopback. Also without OAuth, an https one gives each job a webhook
    /// of ours at <c>/webhooks/dryapi/…</c>, so a wait learns of the job's end at once (dryAPI calls only https).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Keys that seal clients, codes and tokens (OpenIddict's keys are derived from them). The first seals; every one unseals (for rotation).</summary>
    public List<SealingKey> SealingKeys { get; set; } = [];

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Short: a code is single use on each replica, but every replica keeps its own record of redeemed codes.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Redirect URIs the pre-registered client may use: exact URIs, prefixes ending in <c>/</c> (any path below), and
    /// <c>http://127.0.0.1</c>, <c>http://localhost</c> or <c>http://[::1]</c> for loopback on any port and path.
    /// Unset means <see cref="DefaultRedirectUris"/>; a configured list replaces them.
    /// </summary>
    public List<string>? AllowedRedirectUris { get; set; }

    /// <summary>Claude's and ChatGPT's callbacks, and loopback for local clients (Inspector, Cursor, VS Code, Claude Code).</summary>
    public static IReadOnlyList<string> DefaultRedirectUris { get; } =
    [
        "https://claude.ai/api/mcp/auth_callback",
        "https://claude.com/api/mcp/auth_callback",
        "https://chatgpt.com/connector/oauth/",
        "https://chatgpt.com/connector_platform_oauth_redirect",
        "http://127.0.0.1",
        "http://localhost",
        "http://[::1]",
    ];

    public IReadOnlyList<string> EffectiveRedirectUris => AllowedRedirectUris is { Count: > 0 } configured ? configured : DefaultRedirectUris;

    /// <summary>How long dryAPI's verdict on a raw API key sent as a bearer is remembered.</summary>
    public TimeSpan KeyCheckCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Take the client address and scheme from <c>X-Forwarded-For</c>/<c>-Proto</c>; only behind a proxy you run.</summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>
    /// Private networks (CIDR, e.g. <c>127.0.0.0/8</c>) a client metadata document may be fetched from. Empty in
    /// production: only public addresses are fetched, and http is accepted only for an address listed here.
    /// </summary>
    public List<string> ClientMetadataAllowedNetworks { get; set; } = [];

    /// <summary>Requests per minute per client address to each of <c>/authorize</c>, <c>/token</c> and <c>/register</c>, each its own window.</summary>
    public int RequestsPerMinute { get; set; } = 60;

    /// <summary>API keys checked with dryAPI per minute per client address (key page, client secret, refresh, raw bearers).</summary>
    public int KeyChecksPerMinutePerAddress { get; set; } = 10;

    /// <summary>API keys checked with dryAPI per minute by this server (each replica), all addresses together.</summary>
    public int KeyChecksPerMinute { get; set; } = 300;
}

/// <summary>One sealing key: an identifier (the tokens' <c>kid</c>) and at least 32 random bytes in base64.</summary>
public sealed class SealingKey
{
    public string Id { get; set; } = "";

    public string Secret { get; set; } = "";
}
