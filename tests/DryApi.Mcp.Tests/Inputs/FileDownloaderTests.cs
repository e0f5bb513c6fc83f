using System.Diagnostics;
using System.Net;
using DryApi.Client.Contract;
using DryApi.Mcp.Tools;
using DryApi.Mcp.Tools.Files;

namespace DryApi.Mcp.Tests.Inputs;

/// <summary>
/// The downloader with its DNS replaced: a public-looking name is judged by the addresses it resolves to, and the
/// private-network allow-list opens exactly the configured ranges.
/// </summary>
public sealed class FileDownloaderTests : IAsyncLifetime
{
    private static readonly FileRule ImageRule = DryApiOperations.ImageUpscale.Contract.Field("image")!.File!;

    private FileHost target = null!;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => target = await FileHost.StartAsync(IPAddress.Loopback);

    public ValueTask DisposeAsync() => target.DisposeAsync();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.5")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.100.100.200")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task A_public_looking_name_that_resolves_to_a_private_address_is_refused_without_a_request(string resolved)
    {
        using var downloader = Downloader([], "photos.example.com", IPAddress.Parse(resolved));

        var refusal = await Assert.ThrowsAsync<ToolArgumentException>(() => DownloadAsync(downloader, "http://photos.example.com:{port}/photo.png"));

        Assert.Equal("image", refusal.Argument);
        Assert.Contains("the host 'photos.example.com' is, or resolves to, a private", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task A_name_with_one_private_address_among_public_ones_is_refused()
    {
        using var downloader = Downloader([], "mixed.example.com", IPAddress.Parse("93.184.216.34"), IPAddress.Loopback);

        await Assert.ThrowsAsync<ToolArgumentException>(() => DownloadAsync(downloader, "http://mixed.example.com:{port}/photo.png"));

        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task A_name_resolving_into_an_allowed_network_is_fetched_and_identified()
    {
        using var downloader = Downloader(["127.0.0.0/30"], "files.internal.example", IPAddress.Loopback);

        var file = await DownloadAsync(downloader, "http://files.internal.example:{port}/photo");

        Assert.Equal(FileHost.Png, file.Content.ToArray());
        Assert.Equal(("image.png", "image/png"), (file.FileName, file.ContentType));
        Assert.Equal(1, target.Requests);
    }

    [Fact]
    public async Task A_fetch_carries_the_fixed_user_agent_and_no_trace_context_even_within_an_activity()
    {
        using var downloader = Downloader(["127.0.0.0/30"], "files.internal.example", IPAddress.Loopback);
        using var activity = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.AddBaggage("tenant", "acme");

        await DownloadAsync(downloader, "http://files.internal.example:{port}/photo.png");

        var headers = Assert.Single(target.ReceivedHeaders);
        Assert.Equal(["Host", "User-Agent"], headers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("dryapi-mcp", headers["User-Agent"]);
    }

    [Fact]
    public async Task A_configured_cap_replaces_the_parameters_documented_limit()
    {
        using var downloader = new FileDownloader(
            new FileDownloadOptions { AllowedNetworks = ["127.0.0.1/32"], MaxBytes = new() { ["image"] = FileHost.Png.Length - 1 } },
            (_, _) => Task.FromResult<IPAddress[]>([]));

        var refusal = await Assert.ThrowsAsync<ToolArgumentException>(() => DownloadAsync(downloader, "http://127.0.0.1:{port}/photo.png"));

        Assert.Contains("is larger than", refusal.Message, StringComparison.Ordinal);
    }

    private static FileDownloader Downloader(string[] allowedNetworks, string name, params IPAddress[] addresses) =>
        new(new FileDownloadOptions { AllowedNetworks = [.. allowedNetworks] },
            (host, _) => Task.FromResult(host == name ? addresses : throw new InvalidOperationException($"Unexpected lookup of {host}.")));

    private Task<Client.Requests.DryApiFile> DownloadAsync(FileDownloader downloader, string url) =>
        downloader.DownloadAsync("image", "image", url.Replace("{port}", target.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), ImageRule, new DownloadAllowance(TimeSpan.FromSeconds(30), long.MaxValue), CancellationToken);
}
