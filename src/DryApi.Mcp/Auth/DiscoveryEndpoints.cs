namespace DryApi.Mcp.Auth;

/// <summary>Protected-resource metadata (RFC 9728) and authorization-server metadata (RFC 8414).</summary>
internal sealed class DiscoveryEndpoints(OAuthUrls urls)
{
    public static readonly string[] GrantTypes = ["authorization_code", "refresh_token", "client_credentials"];
    // Secret methods first: the C# SDK authenticates a pre-registered client with the first method listed, and
    // dryapi-mcp needs its secret (the API key). Public clients learn "none" from registration or use it for CIMD.
    public static readonly string[] ClientAuthenticationMethods = ["client_secret_post", "client_secret_basic", "none"];

    public IResult ProtectedResource() => Results.Json(
        new ProtectedResourceMetadata(urls.Resource, [urls.Issuer], ["header"], "dryAPI"), OAuthResponses.Json);

    public IResult AuthorizationServer() => Results.Json(
        new AuthorizationServerMetadata(
            Issuer: urls.Issuer,
            AuthorizationEndpoint: urls.Authorize,
            TokenEndpoint: urls.Token,
            RegistrationEndpoint: urls.Register,
            ResponseTypesSupported: ["code"],
            ResponseModesSupported: ["query"],
            GrantTypesSupported: GrantTypes,
            CodeChallengeMethodsSupported: [Pkce.Method],
            TokenEndpointAuthMethodsSupported: ClientAuthenticationMethods,
            ClientIdMetadataDocumentSupported: true,
            AuthorizationResponseIssParameterSupported: true),
        OAuthResponses.Json);

    private sealed record ProtectedResourceMetadata(
        string Resource, string[] AuthorizationServers, string[] BearerMethodsSupported, string ResourceName);

    private sealed record AuthorizationServerMetadata(
        string Issuer,
        string AuthorizationEndpoint,
        string TokenEndpoint,
        string RegistrationEndpoint,
        string[] ResponseTypesSupported,
        string[] ResponseModesSupported,
        string[] GrantTypesSupported,
        string[] CodeChallengeMethodsSupported,
        string[] TokenEndpointAuthMethodsSupported,
        bool ClientIdMetadataDocumentSupported,
        bool AuthorizationResponseIssParameterSupported);
}
