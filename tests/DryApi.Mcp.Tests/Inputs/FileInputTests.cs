using System.Net;
using System.Security.Cryptography;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using DryApi.Simulator.Media;
using ModelContextProtocol.Protocol;
using static DryApi.Client.Contract.DryApiOperations;

namespace DryApi.Mcp.Tests.Inputs;

/// <summary>
/// A file given as a URL, a data: URI or base64 reaches dryAPI as the same multipart file part. The URL is served on
/// loopback, which this server's configuration explicitly allows.
/// </summary>
public sealed class FileInputTests : IAsyncLifetime
{
    private FileHost files = null!;
    private McpServerHarness harness = null!;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        files = await FileHost.StartAsync(IPAddress.Loopback);
        harness = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:FileDownloads:AllowedNetworks:0"] = "127.0.0.1/32" },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await harness.DisposeAsync();
        await files.DisposeAsync();
    }

    [Fact]
    public async Task A_url_a_data_uri_and_base64_of_the_same_bytes_reach_dryapi_as_identical_file_parts()
    {
        var base64 = Convert.ToBase64String(FileHost.Png);
        var parts = new List<RecordedFile>();
        foreach (var image in new[] { files.Url("/photo.png"), files.Url("/photo"), "data:image/png;base64," + base64, base64 })
        {
            var key = harness.NewKey();
            var result = await CallAsync(key, "image_remove_background", new() { ["image"] = image, ["model"] = "Ben2" });

            Assert.NotEqual(true, result.IsError);
            parts.Add(Assert.Single(Assert.Single(harness.RequestsBy(key, ImageRemoveBackground)).Files));
        }

        Assert.All(parts, part => Assert.Equal(parts[0], part));
        Assert.Equal(("image", "image.png", "image/png", FileHost.Png.LongLength), (parts[0].FieldName, parts[0].FileName, parts[0].ContentType, parts[0].Length));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(FileHost.Png)), parts[0].Sha256, ignoreCase: true);
    }

    [Fact]
    public async Task A_price_twin_fetches_the_url_and_quotes_the_same_file_part_the_run_sends()
    {
        var key = harness.NewKey();
        var arguments = new Dictionary<string, object?> { ["image"] = files.Url("/photo.png"), ["model"] = "RealESRGAN_x4plus" };

        var quote = await CallAsync(key, "image_upscale_price", arguments);
        var run = await CallAsync(key, "image_upscale", arguments);

        Assert.NotEqual(true, quote.IsError);
        Assert.NotEqual(true, run.IsError);
        var sent = Assert.Single(Assert.Single(harness.RequestsBy(key, ImageUpscale)).Files);
        var quotes = harness.RequestsBy(key, ImageUpscalePrice);
        Assert.Equal(2, quotes.Count); // the price twin's, and the run's receipt
        Assert.All(quotes, quoted => Assert.Equal(sent, Assert.Single(quoted.Files)));
    }

    [Fact]
    public async Task Listed_images_may_mix_urls_and_base64_and_each_becomes_its_own_file_part()
    {
        var key = harness.NewKey();
        var second = SampleMedia.Png(48, 48);

        var result = await CallAsync(key, "image_to_image", new()
        {
            ["prompt"] = "make it autumn", ["model"] = "QwenImageEdit_Plus_NF4", ["images"] = new[] { files.Url("/photo.png"), Convert.ToBase64String(second) },
            ["guidance"] = 4.5, ["steps"] = 8,
        });

        Assert.NotEqual(true, result.IsError);
        var sent = Assert.Single(harness.RequestsBy(key, ImageToImage)).Files;
        Assert.Equal(["images[]", "images[]"], sent.Select(part => part.FieldName));
        Assert.Equal(["image1.png", "image2.png"], sent.Select(part => part.FileName));
        Assert.Equal(
            [Convert.ToHexString(SHA256.HashData(FileHost.Png)), Convert.ToHexString(SHA256.HashData(second))],
            sent.Select(part => part.Sha256.ToUpperInvariant()));
    }

    private async Task<CallToolResult> CallAsync(string key, string tool, Dictionary<string, object?> arguments)
    {
        await using var client = await harness.ConnectAsync(key);
        return await client.CallToolAsync(tool, arguments, cancellationToken: CancellationToken);
    }
}
