using DryApi.Mcp.Tasks;

namespace DryApi.Mcp.Auth;

/// <summary>A client registered by DCR: everything about it travels inside its sealed <c>client_id</c>.</summary>
internal sealed record RegisteredClient(string? Name, IReadOnlyList<string> RedirectUris);

/// <summary>Binds an authorize form to its request parameters and to the browser that got the page (by a cookie nonce).</summary>
internal sealed record AuthorizeFormBinding(string Nonce, string RequestDigest);

/// <summary>
/// Seals and unseals what this server keeps in its clients' hands besides OpenIddict's codes and tokens — DCR client
/// ids, authorize-form bindings, task ids — each with its own purpose, audience and lifetime.
/// </summary>
internal sealed class SealedArtefacts(TokenSealer sealer, OAuthUrls urls)
{
    public static readonly TimeSpan AuthorizeFormLifetime = TimeSpan.FromMinutes(15);

    public string SealClient(RegisteredClient client) => sealer.Seal(client, "client", urls.Issuer, lifetime: null);

    public Task<RegisteredClient?> UnsealClientAsync(string clientId) =>
        sealer.UnsealAsync<RegisteredClient>(clientId, "client", urls.Issuer, mustExpire: false);

    public string SealAuthorizeForm(AuthorizeFormBinding binding) => sealer.Seal(binding, "authorize-form", urls.Issuer, AuthorizeFormLifetime);

    public Task<AuthorizeFormBinding?> UnsealAuthorizeFormAsync(string? token) =>
        sealer.UnsealAsync<AuthorizeFormBinding>(token, "authorize-form", urls.Issuer);

    /// <summary>Whether task ids can be sealed: a sealing key is configured, with OAuth on or off.</summary>
    public bool CanSealTasks => sealer.CanSeal;

    public string SealTask(JobTicket ticket, TimeSpan lifetime) => sealer.Seal(ticket, "task", urls.Resource, lifetime);

    public Task<JobTicket?> UnsealTaskAsync(string? taskId) => sealer.UnsealAsync<JobTicket>(taskId, "task", urls.Resource);
}
