using System.Text.Json.Nodes;
using DryApi.Mcp.Resources;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Viewer;

/// <summary>
/// The media viewer as an MCP App: the <c>ui://</c> resource (listed and read in both protocol eras), its CSP, and
/// the <c>_meta.ui.resourceUri</c> of the tools whose results it shows.
/// </summary>
public sealed class MediaViewerResourceTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const string ViewerUri = "ui://dryapi/media-viewer.html";
    private const string ViewerType = "text/html;profile=mcp-app";

    public static TheoryData<string> Eras => ["2025-11-25", "2026-07-28"];

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task The_viewer_is_listed_and_read_as_one_self_contained_html_page_whose_media_may_come_only_from_dryapi(string era)
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key, era);

        var listed = Assert.Single(await client.ListResourcesAsync(cancellationToken: CancellationToken), resource => resource.Uri == ViewerUri);
        var read = await client.ReadResourceAsync(ViewerUri, cancellationToken: CancellationToken);

        Assert.Equal(ViewerType, listed.MimeType);
        var page = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
        Assert.Equal((ViewerUri, ViewerType), (page.Uri, page.MimeType));
        Assert.StartsWith("<!DOCTYPE html>", page.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?i:<script[^>]+src|<link[^>]+href|@import)|\burl\(|https?://", page.Text);
        var csp = page.Meta?["ui"]?["csp"];
        Assert.Equal(
            [harness.Simulator.BaseAddress.GetLeftPart(UriPartial.Authority), "https://depinprod.s3.pl-waw.scw.cloud"], Domains(csp, "resourceDomains"));
        Assert.Empty(Domains(csp, "connectDomains"));
        Assert.Empty(harness.RequestsBy(key));
    }

    [Fact]
    public async Task Configured_media_origins_replace_the_documented_result_host()
    {
        await using var host = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:ViewerMediaOrigins:0"] = "https://results.example" },
        });
        await using var client = await host.ConnectAsync(host.NewKey());

        var page = Assert.IsType<TextResourceContents>(Assert.Single((await client.ReadResourceAsync(ViewerUri, cancellationToken: CancellationToken)).Contents));

        Assert.Equal(
            [host.Simulator.BaseAddress.GetLeftPart(UriPartial.Authority), "https://results.example"], Domains(page.Meta?["ui"]?["csp"], "resourceDomains"));
    }

    [Fact]
    public async Task Every_job_tool_and_check_job_status_name_the_viewer_and_no_other_tool_does()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var tools = await client.ListToolsAsync(cancellationToken: CancellationToken);

        var named = tools.Where(tool => tool.ProtocolTool.Meta?["ui"]?["resourceUri"]?.GetValue<string>() == ViewerUri).Select(tool => tool.Name).ToList();
        var expected = tools.Select(tool => tool.Name)
            .Where(name => name == "check_job_status" || JobToolNames.Contains(name))
            .ToList();
        Assert.Equal(expected, named);
        Assert.Equal(18, named.Count);
        Assert.All(tools.Where(tool => named.Contains(tool.Name)), tool => Assert.Equal(ViewerUri, tool.ProtocolTool.Meta?["ui/resourceUri"]?.GetValue<string>()));
        Assert.All(tools.Where(tool => !named.Contains(tool.Name)), tool => Assert.Null(tool.ProtocolTool.Meta?["ui"]));
    }

    [Theory]
    [InlineData("https://api.dryapi.dev/", new[] { "https://api.dryapi.dev", "https://*.dryapi.dev" })]
    [InlineData("https://api.eu.dryapi.dev:8443/", new[] { "https://api.eu.dryapi.dev:8443", "https://*.eu.dryapi.dev" })]
    [InlineData("http://127.0.0.1:5080/", new[] { "http://127.0.0.1:5080" })]
    [InlineData("http://localhost:5080/", new[] { "http://localhost:5080" })]
    public void Result_origins_are_dryapis_origin_and_its_sibling_hosts(string baseUrl, string[] expected) =>
        Assert.Equal(expected, MediaViewer.ResultOrigins(new Uri(baseUrl)));

    private static readonly HashSet<string> JobToolNames =
    [
        "text_to_image", "image_to_image", "image_to_text", "image_remove_background", "image_upscale", "text_to_video", "image_to_video",
        "audio_to_video", "video_remove_background", "video_upscale", "text_to_audio", "text_to_music", "video_url_transcription",
        "audio_url_transcription", "video_file_transcription", "audio_transcription", "text_to_embedding",
    ];

    private static List<string> Domains(JsonNode? csp, string name) =>
        [.. Assert.IsType<JsonArray>(csp?[name]).Select(domain => domain!.GetValue<string>())];
}
