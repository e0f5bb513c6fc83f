using System.Globalization;
using System.Net;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Inputs;

/// <summary>A file host the server may fetch from, and a server whose download deadline and per-call byte cap are small.</summary>
public sealed class FileBoundsFixture : IAsyncLifetime
{
    public const int DeadlineSeconds = 2;

    public FileHost Files { get; private set; } = null!;

    public McpServerHarness Harness { get; private set; } = null!;

    /// <summary>Room for two of the host's images but not three.</summary>
    public static long MaxFileBytesPerCall => (FileHost.Png.Length * 5L) / 2;

    public async ValueTask InitializeAsync()
    {
        Files = await FileHost.StartAsync(IPAddress.Parse("127.0.0.3"));
        Harness = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?>
            {
                ["Mcp:FileDownloads:AllowedNetworks:0"] = "127.0.0.3/32",
                ["Mcp:FileDownloads:Timeout"] = TimeSpan.FromSeconds(DeadlineSeconds).ToString(),
                ["Mcp:MaxFileBytesPerCall"] = MaxFileBytesPerCall.ToString(CultureInfo.InvariantCulture),
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Files.DisposeAsync();
    }
}

/// <summary>
/// What one call's files may cost: lists are capped before anything is fetched, one deadline covers all of a call's
/// downloads, the bytes a call holds are capped, and a quote fetches exactly as its run does.
/// </summary>
public sealed class FileBoundsTests(FileBoundsFixture fixture) : IClassFixture<FileBoundsFixture>
{
    private const string Model = "QwenImageEdit_Plus_NF4";

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("image_to_image")]
    [InlineData("image_to_image_price")]
    public async Task A_list_longer_than_the_models_max_input_images_is_refused_before_anything_is_fetched(string tool)
    {
        var urls = Enumerable.Range(0, 20).Select(index => fixture.Files.Url($"/photo.png?n={index}")).ToArray();
        var before = fixture.Files.Requests;

        var (result, key) = await CallAsync(tool, urls);

        fixture.Harness.AssertRefused(result, key, "images", $"20 files given; {Model} takes at most 3 (its limits.max_input_images)");
        Assert.Equal(before, fixture.Files.Requests);
    }

    [Theory]
    [InlineData("image_to_image")]
    [InlineData("image_to_image_price")]
    public async Task One_deadline_covers_all_downloads_of_a_call(string tool)
    {
        // Each download alone fits the deadline; together they do not.
        var delay = FileBoundsFixture.DeadlineSeconds * 1000 * 2 / 3;
        var urls = Enumerable.Range(0, 3).Select(index => fixture.Files.Url($"/slow.png?ms={delay}&n={index}")).ToArray();
        var started = DateTimeOffset.UtcNow;

        var (result, key) = await CallAsync(tool, urls);

        fixture.Harness.AssertRefused(result, key, "images[1]", $"not all delivered within {FileBoundsFixture.DeadlineSeconds} s");
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(FileBoundsFixture.DeadlineSeconds * 2));
    }

    [Theory]
    [InlineData("image_to_image")]
    [InlineData("image_to_image_price")]
    public async Task The_bytes_one_call_holds_are_capped(string tool)
    {
        var urls = Enumerable.Range(0, 3).Select(index => fixture.Files.Url($"/photo.png?n={index}")).ToArray();

        var (result, key) = await CallAsync(tool, urls);

        fixture.Harness.AssertRefused(result, key, "images[2]", "Mcp:MaxFileBytesPerCall");
    }

    [Fact]
    public async Task Base64_files_count_against_the_same_cap()
    {
        var png = Convert.ToBase64String(FileHost.Png);

        var (result, key) = await CallAsync("image_to_image", [png, png, png]);

        fixture.Harness.AssertRefused(result, key, "images[2]", "Mcp:MaxFileBytesPerCall");
    }

    [Theory]
    [InlineData("image_to_image")]
    [InlineData("image_to_image_price")]
    public async Task Files_within_every_bound_are_fetched_once_each_and_used(string tool)
    {
        var urls = Enumerable.Range(0, 2).Select(index => fixture.Files.Url($"/photo.png?n={index}")).ToArray();
        var before = fixture.Files.Requests;

        var (result, key) = await CallAsync(tool, urls);

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(before + 2, fixture.Files.Requests);
        IDryApiOperation operation = tool.EndsWith("_price", StringComparison.Ordinal) ? DryApiOperations.ImageToImagePrice : DryApiOperations.ImageToImage;
        Assert.Single(fixture.Harness.RequestsBy(key, operation));
    }

    private async Task<(CallToolResult Result, string Key)> CallAsync(string tool, string[] images)
    {
        var key = fixture.Harness.NewKey();
        await using var client = await fixture.Harness.ConnectAsync(key);
        var result = await client.CallToolAsync(
            tool,
            new Dictionary<string, object?> { ["prompt"] = "make it autumn", ["model"] = Model, ["images"] = images, ["steps"] = 8 },
            cancellationToken: CancellationToken);
        return (result, key);
    }
}
