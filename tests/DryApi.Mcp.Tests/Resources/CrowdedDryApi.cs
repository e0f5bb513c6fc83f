using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DryApi.Mcp.Tests.Resources;

/// <summary>
/// A stand-in for dryAPI's <c>/models</c> listing more txt2img models than one completion may return (the simulator's
/// catalogue has 25): <c>Model_000</c> … in one page.
/// </summary>
public sealed class CrowdedDryApi : IAsyncDisposable
{
    private readonly WebApplication app;

    private CrowdedDryApi(WebApplication app) => this.app = app;

    public Uri BaseUrl => new(app.Urls.Single());

    public static async Task<CrowdedDryApi> StartAsync(int modelCount)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["AllowedHosts"] = "*";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var models = new JsonArray([.. Enumerable.Range(0, modelCount).Select(Model)]);
        app.MapGet("/api/v1/client/models", () => Results.Json(new JsonObject { ["data"] = models.DeepClone() }));
        await app.StartAsync();
        return new CrowdedDryApi(app);
    }

    public static string Slug(int index) => "Model_" + index.ToString("000", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static JsonNode Model(int index) => new JsonObject
    {
        ["name"] = $"Model {index.ToString(CultureInfo.InvariantCulture)}",
        ["slug"] = Slug(index),
        ["inference_types"] = new JsonArray("txt2img"),
        ["info"] = new JsonArray(),
    };
}
