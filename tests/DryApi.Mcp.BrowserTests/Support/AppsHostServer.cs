using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DryApi.Mcp.BrowserTests.Support;

/// <summary>
/// Serves the test host page, the AppBridge bundle and each view's HTML (under its CSP header) on a loopback port. A
/// real host serves from a public origin and dryAPI's links are public; here the links are the simulator's loopback
/// URLs, and Chromium lets only a page served from loopback load them (Private Network Access).
/// </summary>
public sealed class AppsHostServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (string Html, string Policy)> views = new();

    private AppsHostServer(WebApplication app) => this.app = app;

    public Uri Origin => new(app.Urls.Single());

    public static async Task<AppsHostServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["AllowedHosts"] = "*";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new AppsHostServer(app);
        var page = AppsHostFiles.HostPage;
        var bundle = AppsHostFiles.AppBridgeBundle;
        app.MapGet("/", () => Results.Content(page, "text/html"));
        app.MapGet("/app-bridge.js", () => Results.Content(bundle, "text/javascript"));
        app.MapGet("/views/{id}", (string id, HttpResponse response) =>
        {
            if (!server.views.TryGetValue(id, out var view))
            {
                return Results.NotFound();
            }

            response.Headers.ContentSecurityPolicy = view.Policy;
            return Results.Content(view.Html, "text/html");
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>Serves <paramref name="html"/> under <paramref name="policy"/> at a new address, which it returns.</summary>
    public Uri AddView(string html, string policy)
    {
        var id = Guid.NewGuid().ToString("N");
        views[id] = (html, policy);
        return new Uri(Origin, "views/" + id);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
