using DryApi.Mcp.Tasks;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Auth;

/// <summary>A client registered by DCR: everything about it travels inside its sealed <c>client_id</c>.</summary>
internal sealed record RegisteredClient(string? Name, IReadOnlyList<string> RedirectUris);

/// <summary>What an authorization code stands for. <see cref="ApiKey"/> is absent for the pre-registered client, whose key is its secret.</summary>
internal sealed record AuthorizationGrant(string ClientId, string RedirectUri, string CodeChallenge, string? Resource, string? ApiKey);

internal sealed record AccessGrant(string ApiKey);

internal sealed record RefreshGrant(string ApiKey, string ClientId);

/// <summary>Binds an authorize form to its request parameters and to the browser that got the page (by a cookie nonce).</summary>
internal sealed record AuthorizeFormBinding(string Nonce, string RequestDigest);

/// <summary>Seals and unseals each artefact of the flow with its own purpose, audience and lifetime.</summary>
internal sealed class SealedArtefacts(TokenSealer sealer, OAuthUrls urls, IOptions<OAuthOptions> options)
{
    public static readonly TimeSpan AuthorizeFormLifetime = TimeSpan.FromMinutes(15);

    private OAuthOptions Settings => options.Value;

    public string SealClient(RegisteredClient client) => sealer.Seal(client, "client", urls.Issuer, lifetime: null);

    public async Task<RegisteredClient?> UnsealClientAsync(string clientId) =>
        (await sealer.UnsealAsync<RegisteredClient>(clientId, "client", urls.Issuer, mustExpire: false))?.Payload;

    public string SealCode(AuthorizationGrant grant) => sealer.Seal(grant, "code", urls.Issuer, Settings.AuthorizationCodeLifetime);

    public Task<Unsealed<AuthorizationGrant>?> UnsealCodeAsync(string? code) => sealer.UnsealAsync<AuthorizationGrant>(code, "code", urls.Issuer);

    public string SealAccessToken(AccessGrant grant) => sealer.Seal(grant, "access", urls.Resource, Settings.AccessTokenLifetime);

    public async Task<AccessGrant?> UnsealAccessTokenAsync(string? token) => (await sealer.UnsealAsync<AccessGrant>(token, "access", urls.Resource))?.Payload;

    public string SealRefreshToken(RefreshGrant grant) => sealer.Seal(grant, "refresh", urls.Resource, Settings.RefreshTokenLifetime);

    public Task<Unsealed<RefreshGrant>?> UnsealRefreshTokenAsync(string? token) => sealer.UnsealAsync<RefreshGrant>(token, "refresh", urls.Resource);

    public string SealAuthorizeForm(AuthorizeFormBinding binding) => sealer.Seal(binding, "authorize-form", urls.Issuer, AuthorizeFormLifetime);

    public async Task<AuthorizeFormBinding?> UnsealAuthorizeFormAsync(string? token) =>
        (await sealer.UnsealAsync<AuthorizeFormBinding>(token, "authorize-form", urls.Issuer))?.Payload;

    /// <summary>Whether task ids can be sealed: a sealing key is configured, with OAuth on or off.</summary>
    public bool CanSealTasks => sealer.CanSeal;

    public string SealTask(JobTicket ticket, TimeSpan lifetime) => sealer.Seal(ticket, "task", urls.Resource, lifetime);

    public async Task<JobTicket?> UnsealTaskAsync(string? taskId) => (await sealer.UnsealAsync<JobTicket>(taskId, "task", urls.Resource))?.Payload;
}
