using System.Text.Json;

namespace DryApi.Mcp.Auth;

/// <summary>
/// Dynamic Client Registration (RFC 7591) without storage: the answer's <c>client_id</c> is the sealed registration
/// itself. Clients are public (<c>none</c>); the user's key is entered on the authorize page.
/// </summary>
internal sealed class RegistrationEndpoint(SealedArtefacts artefacts, TimeProvider timeProvider)
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxRedirectUris = 10;
    private static readonly string[] SupportedGrantTypes = ["authorization_code", "refresh_token"];

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = context.Request.HasJsonContentType() ? await ReadBoundedAsync(context.Request) : null;
        if (body is null)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_client_metadata",
                $"Send the client metadata as a JSON object (Content-Type: application/json), at most {MaxBodyBytes} bytes.");
        }

        RegistrationRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<RegistrationRequest>(body, OAuthResponses.Json);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_client_metadata", "The body is not a JSON object of client metadata.");
        }

        if (Problem(request) is { } problem)
        {
            return problem;
        }

        var name = request.ClientName?.Trim() is { Length: > 0 } trimmed ? trimmed[..Math.Min(trimmed.Length, 100)] : null;
        var clientId = artefacts.SealClient(new RegisteredClient(name, request.RedirectUris!));
        return OAuthResponses.Body(
            new RegistrationResponse(
                clientId, timeProvider.GetUtcNow().ToUnixTimeSeconds(), name, request.RedirectUris!, SupportedGrantTypes, ["code"], "none"),
            StatusCodes.Status201Created);
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult? Problem(RegistrationRequest request)
    {
        if (request.RedirectUris is not { Count: > 0 and <= MaxRedirectUris } redirectUris)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_redirect_uri",
                $"redirect_uris must list 1 to {MaxRedirectUris} redirect URIs.");
        }

        if (redirectUris.FirstOrDefault(uri => !RedirectUriRules.TryParse(uri, out _)) is { } refused)
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_redirect_uri",
                $"The redirect URI '{refused}' is not allowed: use https, or http on a loopback address (127.0.0.1, localhost, [::1]), without a fragment or user info.");
        }

        if (request.GrantTypes is { } grantTypes && grantTypes.Except(SupportedGrantTypes, StringComparer.Ordinal).Any())
        {
            return OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_client_metadata",
                "grant_types may only contain authorization_code and refresh_token.");
        }

        return request.ResponseTypes is { } responseTypes && responseTypes.Any(type => type != "code")
            ? OAuthResponses.Error(StatusCodes.Status400BadRequest, "invalid_client_metadata", "response_types may only contain code.")
            : null;
    }

    private sealed record RegistrationRequest(
        IReadOnlyList<string>? RedirectUris, string? ClientName, IReadOnlyList<string>? GrantTypes, IReadOnlyList<string>? ResponseTypes);

    private sealed record RegistrationResponse(
        string ClientId,
        long ClientIdIssuedAt,
        string? ClientName,
        IReadOnlyList<string> RedirectUris,
        IReadOnlyList<string> GrantTypes,
        IReadOnlyList<string> ResponseTypes,
        string TokenEndpointAuthMethod);
}
