using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// A tiny HTTP host on a loopback port serving client metadata documents: a good one, one naming another client,
/// one that redirects to the good one, and one too large to read.
/// </summary>
public sealed class ClientMetadataHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private ClientMetadataHost(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The URL of the good document, which is also its client_id.</summary>
    public string ClientId => Url("/client.json");

    public string Url(string path) => BaseUrl.GetLeftPart(UriPartial.Authority) + path;

    public static async Task<ClientMetadataHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/client.json", (HttpContext context) => Document(context, context.Request.Path));
        app.MapGet("/another-client.json", (HttpContext context) => Document(context, "/client.json"));
        app.MapGet("/redirect.json", () => Results.Redirect("/client.json"));
        app.MapGet("/huge.json", (HttpContext context) => Results.Text(
            $$"""{"client_id":"{{Origin(context)}}/huge.json","redirect_uris":["{{OAuthBrowser.Callback}}"],"padding":"{{new string('x', 70_000)}}"}""",
            "application/json", Encoding.UTF8));
        await app.StartAsync();
        return new ClientMetadataHost(app, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static IResult Document(HttpContext context, string clientIdPath) => Results.Text(
        $$"""{"client_id":"{{Origin(context)}}{{clientIdPath}}","client_name":"Metadata Client","redirect_uris":["{{OAuthBrowser.Callback}}"],"token_endpoint_auth_method":"none"}""",
        "application/json", Encoding.UTF8);

    private static string Origin(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";
}
