using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>Drives the OAuth flow by hand over HTTP, as a connector and its user's browser would.</summary>
public sealed partial class OAuthBrowser(HttpClient http, string resource) : IDisposable
{
    /// <summary>The redirect URI the tests' DCR clients register.</summary>
    public const string Callback = "https://client.example/oauth/callback";

    public OAuthBrowser(OAuthHost host)
        : this(host.CreateBrowser(), host.Resource)
    {
    }

    /// <summary>A browser of the server at <paramref name="publicBaseUrl"/> (e.g. a load balancer in front of replicas).</summary>
    public static OAuthBrowser At(Uri publicBaseUrl) => new(HttpClientFor(publicBaseUrl), publicBaseUrl.GetLeftPart(UriPartial.Authority) + "/mcp");

    /// <summary>An HTTP client that behaves as a browser here needs to: keeps cookies, shows redirects instead of following them.</summary>
    public static HttpClient HttpClientFor(Uri baseAddress) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseProxy = false }) { BaseAddress = baseAddress };

    public HttpClient Http => http;

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public async Task<string> RegisterAsync(params string[] redirectUris)
    {
        using var response = await http.PostAsync("/register", JsonContent(new { redirect_uris = redirectUris, client_name = "Test Connector" }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("client_id").GetString()!;
    }

    public Dictionary<string, string?> AuthorizeParameters(string clientId, string redirectUri, string challenge, string state = "state-123") => new()
    {
        ["response_type"] = "code",
        ["client_id"] = clientId,
        ["redirect_uri"] = redirectUri,
        ["code_challenge"] = challenge,
        ["code_challenge_method"] = "S256",
        ["state"] = state,
        ["resource"] = resource,
    };

    public Task<HttpResponseMessage> GetAuthorizeAsync(IDictionary<string, string?> parameters) =>
        http.GetAsync(QueryHelpers.AddQueryString("/authorize", parameters.Where(pair => pair.Value is not null)));

    /// <summary>The page's form fields (hidden ones), as the browser would post them back.</summary>
    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenField().Matches(html).ToDictionary(match => WebUtility.HtmlDecode(match.Groups[1].Value), match => WebUtility.HtmlDecode(match.Groups[2].Value));

    public Task<HttpResponseMessage> SubmitAsync(IDictionary<string, string> fields) =>
        http.PostAsync("/authorize", new FormUrlEncodedContent(fields));

    /// <summary>GET the key page, post the key with the page's hidden fields, and return the redirect's parameters.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AuthorizeWithKeyAsync(IDictionary<string, string?> parameters, string apiKey)
    {
        using var page = await GetAuthorizeAsync(parameters);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        var fields = HiddenFields(html);
        fields["api_key"] = apiKey;
        using var submitted = await SubmitAsync(fields);
        Assert.True(submitted.StatusCode == HttpStatusCode.SeeOther, await submitted.Content.ReadAsStringAsync());
        return QueryOf(submitted.Headers.Location!);
    }

    /// <summary>GET the consent page of the pre-registered client, answer it, and return the redirect's parameters.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ConsentAsync(IDictionary<string, string?> parameters, string decision)
    {
        using var page = await GetAuthorizeAsync(parameters);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        Assert.DoesNotContain("type=\"password\"", html, StringComparison.Ordinal);
        var fields = HiddenFields(html);
        fields["decision"] = decision;
        using var submitted = await SubmitAsync(fields);
        Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
        return QueryOf(submitted.Headers.Location!);
    }

    public async Task<TokenAnswer> TokenAsync(IDictionary<string, string> form, AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = authorization;
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new TokenAnswer(response.StatusCode, JsonDocument.Parse(body).RootElement.Clone(), response.Headers);
    }

    public static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));

    /// <summary>A JSON-RPC request to <c>/mcp</c> with an optional bearer; returns the status, headers and body.</summary>
    public async Task<McpAnswer> PostMcpAsync(string? bearer, string method, object? parameters = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = JsonContent(new { jsonrpc = "2.0", id = 1, method, @params = parameters ?? new { } }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request);
        return new McpAnswer(response.StatusCode, response.Headers.WwwAuthenticate.ToString(), await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>The full flow for a DCR client: register, authorize with the key, redeem the code.</summary>
    public async Task<(string ClientId, TokenAnswer Tokens)> ConnectWithRegistrationAsync(string apiKey = OAuthHost.ApiKey)
    {
        var (clientId, redemption) = await AuthorizeNewClientAsync(apiKey);
        var tokens = await TokenAsync(redemption);
        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.Body.ToString());
        return (clientId, tokens);
    }

    /// <summary>
    /// Registers a client here, authorizes it with the key (here, or at <paramref name="authorizeAt"/>: another replica
    /// under the same public name) and returns the form that redeems its code, not yet sent.
    /// </summary>
    public async Task<(string ClientId, Dictionary<string, string> Redemption)> AuthorizeNewClientAsync(string apiKey = OAuthHost.ApiKey, OAuthBrowser? authorizeAt = null)
    {
        var clientId = await RegisterAsync(Callback);
        var (verifier, challenge) = NewPkce();
        var parameters = AuthorizeParameters(clientId, Callback, challenge);
        var redirect = await (authorizeAt ?? this).AuthorizeWithKeyAsync(parameters, apiKey);
        return (clientId, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = redirect["code"],
            ["redirect_uri"] = Callback,
            ["code_verifier"] = verifier,
            ["client_id"] = clientId,
            ["resource"] = parameters["resource"]!,
        });
    }

    public static IReadOnlyDictionary<string, string> QueryOf(Uri location) =>
        QueryHelpers.ParseQuery(location.Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());

    public void Dispose() => http.Dispose();

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}

public sealed record TokenAnswer(HttpStatusCode Status, JsonElement Body, HttpResponseHeaders Headers)
{
    public string? Error => Body.TryGetProperty("error", out var error) ? error.GetString() : null;

    public string AccessToken => Body.GetProperty("access_token").GetString()!;

    public string RefreshToken => Body.GetProperty("refresh_token").GetString()!;
}

public sealed record McpAnswer(HttpStatusCode Status, string WwwAuthenticate, string Body, TimeSpan? RetryAfter = null);
