using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DryApi.Mcp.Tests.Auth;

/// <summary>
/// A tiny HTTP (or, given a certificate, HTTPS) host on a loopback port serving client metadata documents: a good one,
/// one for a native client's loopback redirect URI, one naming another client, one that redirects to the good one, and
/// one too large to read. It keeps the headers of every request it receives.
/// </summary>
public sealed class ClientMetadataHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> receivedHeaders;

    private ClientMetadataHost(WebApplication app, Uri baseUrl, ConcurrentQueue<IReadOnlyDictionary<string, string>> receivedHeaders)
    {
        this.app = app;
        BaseUrl = baseUrl;
        this.receivedHeaders = receivedHeaders;
    }

    public Uri BaseUrl { get; }

    /// <summary>The headers of each request received so far, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> ReceivedHeaders => [.. receivedHeaders];

    /// <summary>The URL of the good document, which is also its client_id.</summary>
    public string ClientId => Url("/client.json");

    /// <summary>The URL of the document that lists only <see cref="SdkOAuthClient.Callback"/>.</summary>
    public string NativeClientId => Url("/native-client.json");

    public string Url(string path) => BaseUrl.GetLeftPart(UriPartial.Authority) + path;

    /// <summary>Starts the host over http, or over https with <paramref name="httpsCertificate"/>.</summary>
    public static async Task<ClientMetadataHost> StartAsync(X509Certificate2? httpsCertificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (httpsCertificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(httpsCertificate)));
        }

        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receivedHeaders = new ConcurrentQueue<IReadOnlyDictionary<string, string>>();
        app.Use(async (context, next) =>
        {
            receivedHeaders.Enqueue(context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            await next(context);
        });
        app.MapGet("/client.json", (HttpContext context) => Document(context, context.Request.Path, OAuthBrowser.Callback));
        app.MapGet("/native-client.json", (HttpContext context) => Document(context, context.Request.Path, SdkOAuthClient.Callback.ToString()));
        app.MapGet("/another-client.json", (HttpContext context) => Document(context, "/client.json", OAuthBrowser.Callback));
        app.MapGet("/redirect.json", () => Results.Redirect("/client.json"));
        app.MapGet("/huge.json", (HttpContext context) => Results.Text(
            $$"""{"client_id":"{{Origin(context)}}/huge.json","redirect_uris":["{{OAuthBrowser.Callback}}"],"padding":"{{new string('x', 70_000)}}"}""",
            "application/json", Encoding.UTF8));
        await app.StartAsync();
        return new ClientMetadataHost(app, new Uri(app.Urls.Single()), receivedHeaders);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static IResult Document(HttpContext context, string clientIdPath, string redirectUri) => Results.Text(
        $$"""{"client_id":"{{Origin(context)}}{{clientIdPath}}","client_name":"Metadata Client","redirect_uris":["{{redirectUri}}"],"token_endpoint_auth_method":"none"}""",
        "application/json", Encoding.UTF8);

    private static string Origin(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";
}
