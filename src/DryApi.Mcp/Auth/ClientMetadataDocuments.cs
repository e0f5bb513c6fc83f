using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DryApi.Mcp.Auth;

/// <summary>
/// Client ID Metadata Documents: a <c>client_id</c> that is an https URL names a JSON document listing the client's
/// redirect URIs. It is fetched through <see cref="OutboundAddressPolicy"/>, without redirects, within size and time caps.
/// </summary>
internal sealed partial class ClientMetadataDocuments(
    IHttpClientFactory httpClientFactory,
    OutboundAddressPolicy addressPolicy,
    ILogger<ClientMetadataDocuments> logger)
{
    public const string HttpClientName = "DryApi.Mcp.ClientMetadata";
    public const int MaxBytes = 64 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An https URL with a path and no query, fragment or user info. http is accepted only for an address that
    /// configuration explicitly allows (a local test host).
    /// </summary>
    public bool IsClientIdUrl(string clientId)
    {
        if (clientId.Length > 2048 || clientId.Contains('#', StringComparison.Ordinal)
            || !Uri.TryCreate(clientId, UriKind.Absolute, out var uri)
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.AbsolutePath.Length <= 1)
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps
               || (uri.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(uri.IdnHost, out var address) && addressPolicy.IsExplicitlyAllowed(address));
    }

    /// <summary>The client the document describes, or null when it cannot be fetched or does not describe this URL.</summary>
    public async Task<OAuthClient?> FetchAsync(string clientId, CancellationToken cancellationToken)
    {
        var url = new Uri(clientId);
        if (IPAddress.TryParse(url.IdnHost, out var literal) && !addressPolicy.Permits(literal))
        {
            LogRefused(logger, clientId, "its address is not public");
            return null;
        }

        try
        {
            var document = await DownloadAsync(url, cancellationToken);
            if (document?.ClientId != clientId)
            {
                LogRefused(logger, clientId, "its client_id is not the document's own URL");
                return null;
            }

            if (document.TokenEndpointAuthMethod is { } method && method != "none")
            {
                LogRefused(logger, clientId, "it asks for token_endpoint_auth_method other than 'none'");
                return null;
            }

            var redirectUris = (document.RedirectUris ?? []).Where(uri => RedirectUriRules.TryParse(uri, out _)).ToArray();
            var name = string.IsNullOrWhiteSpace(document.ClientName) ? url.Host : document.ClientName.Trim();
            return new OAuthClient(clientId, name, ClientKind.MetadataDocument, redirectUris);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException or InvalidDataException)
        {
            LogRefused(logger, clientId, exception.Message);
            return null;
        }
    }

    private async Task<ClientMetadataDocument?> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var client = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd(Hosting.ServerDescription.UserAgent);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidDataException($"it answered {(int)response.StatusCode} (redirects are not followed)");
        }

        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw new InvalidDataException($"it is larger than {MaxBytes} bytes");
        }

        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new InvalidDataException($"it is larger than {MaxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return JsonSerializer.Deserialize<ClientMetadataDocument>(buffer.ToArray());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client metadata document {ClientId} refused: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string clientId, string reason);

    private sealed record ClientMetadataDocument(
        [property: JsonPropertyName("client_id")] string? ClientId,
        [property: JsonPropertyName("client_name")] string? ClientName,
        [property: JsonPropertyName("redirect_uris")] IReadOnlyList<string>? RedirectUris,
        [property: JsonPropertyName("token_endpoint_auth_method")] string? TokenEndpointAuthMethod);
}
