using System.Net;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Inputs;

/// <summary>
/// The file-download host of the SSRF suite: a target on 127.0.0.1, which nothing may reach, and a host on 127.0.0.2,
/// which configuration allows, serving redirects, an endless body and the wrong formats. Plus the MCP server.
/// </summary>
public sealed class UrlGuardFixture : IAsyncLifetime
{
    public FileHost Target { get; private set; } = null!;

    public FileHost Allowed { get; private set; } = null!;

    public McpServerHarness Harness { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Target = await FileHost.StartAsync(IPAddress.Loopback);
        Allowed = await FileHost.StartAsync(IPAddress.Parse("127.0.0.2"));
        Harness = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:FileDownloads:AllowedNetworks:0"] = "127.0.0.2/32" },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Target.DisposeAsync();
        await Allowed.DisposeAsync();
    }
}

/// <summary>
/// URL-valued file arguments that must not be fetched, or not used: each is refused as an argument error naming the
/// parameter, nothing reaches the local target, and nothing is sent to dryAPI.
/// </summary>
public sealed class UrlGuardTests(UrlGuardFixture fixture) : IClassFixture<UrlGuardFixture>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public static TheoryData<string> NonPublicHosts => new()
    {
        "127.0.0.1",
        "localhost",
        "10.0.0.1",
        "10.255.1.2",
        "172.16.0.1",
        "172.31.200.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:a9fe:a9fe]",
        "[::ffff:0:127.0.0.1]",
        "[64:ff9b::7f00:1]",
        "[fd00:ec2::254]",
        "[fe80::1]",
        "0.0.0.0",
    };

    [Theory]
    [MemberData(nameof(NonPublicHosts))]
    public async Task A_url_on_a_non_public_address_is_refused_before_any_connection(string host)
    {
        var url = $"http://{host}:{fixture.Target.BaseUrl.Port}/photo.png";

        var (result, key) = await RemoveBackgroundAsync(url);

        AssertRefused(result, key, "non-public address");
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_host_to_a_private_address_is_refused_at_the_redirect()
    {
        var url = fixture.Allowed.Url("/redirect?to=" + Uri.EscapeDataString(fixture.Target.Url("/photo.png")));
        var before = fixture.Allowed.Requests;

        var (result, key) = await RemoveBackgroundAsync(url);

        AssertRefused(result, key, "non-public address");
        Assert.Equal(before + 1, fixture.Allowed.Requests);
    }

    [Fact]
    public async Task More_than_three_redirects_are_refused()
    {
        var url = fixture.Allowed.Url("/photo.png");
        for (var hop = 0; hop < 4; hop++)
        {
            url = fixture.Allowed.Url("/redirect?to=" + Uri.EscapeDataString(url));
        }

        var (result, key) = await RemoveBackgroundAsync(url);

        AssertRefused(result, key, "redirected more than 3 times");
    }

    [Fact]
    public async Task Three_redirects_within_the_allowed_network_are_followed()
    {
        var url = fixture.Allowed.Url("/photo.png");
        for (var hop = 0; hop < 3; hop++)
        {
            url = fixture.Allowed.Url("/redirect?to=" + Uri.EscapeDataString(url));
        }

        var (result, key) = await RemoveBackgroundAsync(url);

        Assert.NotEqual(true, result.IsError);
        Assert.Single(fixture.Harness.RequestsBy(key, Client.Contract.DryApiOperations.ImageRemoveBackground));
    }

    [Fact]
    public async Task A_body_over_the_parameters_cap_is_refused_while_streaming()
    {
        // The body has no Content-Length and runs to 1 GB: only a reader that stops at the cap answers within the timeout.
        var (result, key) = await RemoveBackgroundAsync(fixture.Allowed.Url("/endless.png"));

        AssertRefused(result, key, "larger than 10 MB");
    }

    [Theory]
    [InlineData("/voice.wav", "a wav file; accepted formats: jpg, jpeg, png, gif, bmp, webp")]
    [InlineData("/page.html", "serves text/html, not a media file")]
    public async Task A_file_of_the_wrong_format_is_refused(string path, string problem)
    {
        var (result, key) = await RemoveBackgroundAsync(fixture.Allowed.Url(path));

        AssertRefused(result, key, problem);
    }

    [Fact]
    public async Task A_redirect_to_a_scheme_other_than_http_or_https_is_refused()
    {
        var (result, key) = await RemoveBackgroundAsync(fixture.Allowed.Url("/redirect?to=" + Uri.EscapeDataString("ftp://127.0.0.2/photo.png")));

        AssertRefused(result, key, "'ftp://127.0.0.2/photo.png' is not an http or https URL");
    }

    [Fact]
    public async Task A_url_with_credentials_is_refused()
    {
        var (result, key) = await RemoveBackgroundAsync($"http://user:pass@127.0.0.2:{fixture.Allowed.BaseUrl.Port}/photo.png");

        AssertRefused(result, key, "URLs with a user name or password are not fetched");
    }

    private async Task<(CallToolResult Result, string Key)> RemoveBackgroundAsync(string url)
    {
        var key = fixture.Harness.NewKey();
        await using var client = await fixture.Harness.ConnectAsync(key);
        var result = await client.CallToolAsync("image_remove_background", new Dictionary<string, object?> { ["image"] = url, ["model"] = "Ben2" }, cancellationToken: CancellationToken);
        return (result, key);
    }

    private void AssertRefused(CallToolResult result, string key, string problem)
    {
        Assert.True(result.IsError);
        var text = result.Text();
        Assert.StartsWith("Invalid argument 'image':", text, StringComparison.Ordinal);
        Assert.Contains(problem, text, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Target.Requests);
        Assert.Empty(fixture.Harness.SubmissionsBy(key));
    }
}
