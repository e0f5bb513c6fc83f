using System.Diagnostics;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using SkiaSharp;

namespace DryApi.Mcp.Tests.Previews;

/// <summary>
/// A done job's result carries content a model and a user can see beside its link (<c>Mcp:Previews</c>): a downscaled
/// JPEG or WebP of an image, the audio itself when it is short; video and long audio carry the link only. A preview that
/// cannot be had never costs the request_id or the link.
/// </summary>
public sealed class PreviewTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const int MaxSide = 200;
    private const int MaxBytes = 12_000;
    private const string Downloads = "/_sim/results/";

    private static readonly HttpClient Http = new();

    private static readonly Dictionary<string, string?> Capped = new()
    {
        ["Mcp:Previews:MaxSide"] = MaxSide.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mcp:Previews:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public static TheoryData<string> ImageTools => [.. ToolSamples.All.Values.Where(sample => sample.Result == ResultKind.Png && !sample.Tool.EndsWith("_price", StringComparison.Ordinal)).Select(sample => sample.Tool)];

    private static IEnumerable<string> VideoTools => ToolSamples.All.Values
        .Where(sample => sample.Result == ResultKind.Mp4 && !sample.Tool.EndsWith("_price", StringComparison.Ordinal)).Select(sample => sample.Tool);

    [Theory]
    [MemberData(nameof(ImageTools))]
    public async Task An_image_result_carries_a_preview_within_the_configured_side_and_bytes_beside_its_link(string tool)
    {
        await using var capped = await McpServerHarness.StartAsync(new McpHarnessSettings { Configuration = Capped });
        await using var client = await capped.ConnectAsync(capped.NewKey());

        var result = await client.CallToolAsync(tool, await ToolSamples.All[tool].Arguments(client), cancellationToken: CancellationToken);

        var url = AssertDoneWithLink(result);
        var preview = Assert.Single(result.Content.OfType<ImageContentBlock>());
        var bytes = preview.DecodedData.ToArray();
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        Assert.Equal(preview.MimeType, codec.EncodedFormat == SKEncodedImageFormat.Jpeg ? "image/jpeg" : codec.EncodedFormat == SKEncodedImageFormat.Webp ? "image/webp" : "?");
        Assert.InRange(Math.Max(codec.Info.Width, codec.Info.Height), 1, MaxSide);
        Assert.InRange(bytes.Length, 1, MaxBytes);
        using var full = SKCodec.Create(new MemoryStream(await Http.GetByteArrayAsync(new Uri(url), CancellationToken)));
        Assert.Equal((double)full.Info.Width / full.Info.Height, (double)codec.Info.Width / codec.Info.Height, 1);
        Assert.Contains($"Preview: a {codec.Info.Width}×{codec.Info.Height}", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transparent_image_result_is_previewed_as_webp_that_keeps_its_transparency()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var result = await client.CallToolAsync(
            "image_remove_background", await ToolSamples.All["image_remove_background"].Arguments(client), cancellationToken: CancellationToken);

        var preview = Assert.Single(result.Content.OfType<ImageContentBlock>());
        Assert.Equal("image/webp", preview.MimeType);
        using var bitmap = SKBitmap.Decode(preview.DecodedData.ToArray());
        Assert.Equal(0, bitmap.GetPixel(0, 0).Alpha);
    }

    [Fact]
    public async Task Preview_false_gives_the_link_only()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var result = await client.CallToolAsync("text_to_image", With(ToolSamples.TextToImage(), "preview", false), cancellationToken: CancellationToken);

        AssertDoneWithLink(result);
        Assert.Empty(result.Content.OfType<ImageContentBlock>());
    }

    [Fact]
    public async Task Previews_turned_off_in_configuration_give_the_link_only()
    {
        await using var off = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:Previews:Enabled"] = "false" },
        });
        await using var offClient = await off.ConnectAsync(off.NewKey());
        await using var onClient = await harness.ConnectAsync(harness.NewKey());

        var withoutPreviews = await offClient.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);
        var withPreviews = await onClient.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        AssertDoneWithLink(withoutPreviews);
        Assert.Empty(withoutPreviews.Content.OfType<ImageContentBlock>());
        Assert.Single(withPreviews.Content.OfType<ImageContentBlock>());
    }

    [Fact]
    public async Task Check_job_status_returns_the_preview_of_a_done_image_job()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());
        var submitted = await client.CallToolAsync("text_to_image", With(ToolSamples.TextToImage(), "preview", false), cancellationToken: CancellationToken);

        var result = await client.CallToolAsync(
            "check_job_status", new Dictionary<string, object?> { ["request_id"] = RequestId(submitted) }, cancellationToken: CancellationToken);

        AssertDoneWithLink(result);
        Assert.Equal("image/jpeg", Assert.Single(result.Content.OfType<ImageContentBlock>()).MimeType);
    }

    [Theory]
    [InlineData("wav", "audio/wav")]
    [InlineData("mp3", "audio/mpeg")]
    [InlineData("flac", "audio/flac")]
    public async Task A_short_audio_result_carries_the_audio_itself(string format, string mediaType)
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var result = await client.CallToolAsync("text_to_audio", ToolSamples.TextToAudio(format), cancellationToken: CancellationToken);

        var url = AssertDoneWithLink(result);
        var audio = Assert.Single(result.Content.OfType<AudioContentBlock>());
        Assert.Equal(mediaType, audio.MimeType);
        Assert.Equal(await Http.GetByteArrayAsync(new Uri(url), CancellationToken), audio.DecodedData.ToArray());
    }

    [Fact]
    public async Task A_long_audio_result_carries_the_link_only()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());
        // The simulator speaks 15 characters a second: 20 s, over the default 10 s.
        var arguments = With(ToolSamples.TextToAudio("mp3"), "text", new string('a', 300));

        var result = await client.CallToolAsync("text_to_audio", arguments, cancellationToken: CancellationToken);

        AssertDoneWithLink(result);
        Assert.Empty(result.Content.OfType<AudioContentBlock>());
        Assert.Contains("The audio lasts 20 s, longer than the 10 s returned inline", result.Text(), StringComparison.Ordinal);
    }

    /// <summary>Video has no poster frame: no maintained, licence-compatible .NET package decodes video frames (README, "Results").</summary>
    [Fact]
    public async Task Video_results_carry_the_link_only_where_an_image_result_carries_a_preview()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());
        var image = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        foreach (var tool in VideoTools)
        {
            var video = await client.CallToolAsync(tool, await ToolSamples.All[tool].Arguments(client), cancellationToken: CancellationToken);

            AssertDoneWithLink(video);
            Assert.DoesNotContain(video.Content, block => block is ImageContentBlock or AudioContentBlock);
        }

        Assert.Single(image.Content.OfType<ImageContentBlock>());
    }

    public static TheoryData<string> HostFaults => ["500", "dropped", "slow", "too large"];

    [Theory]
    [MemberData(nameof(HostFaults))]
    public async Task A_result_host_that_fails_the_preview_download_leaves_the_request_id_the_link_and_a_note(string fault)
    {
        await using var faulty = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?>
            {
                ["Mcp:Previews:DownloadTimeout"] = "00:00:00.500",
                ["Mcp:Previews:MaxDownloadBytes"] = fault == "too large" ? "1000" : "33554432",
            },
        });
        FaultRule? rule = fault switch
        {
            "500" => new FaultRule(FaultKind.Status) { PathContains = Downloads, StatusCode = 500 },
            "dropped" => new FaultRule(FaultKind.DropBeforeHandling) { PathContains = Downloads },
            "slow" => new FaultRule(FaultKind.Slow) { PathContains = Downloads, Delay = TimeSpan.FromSeconds(3) },
            _ => null,
        };
        if (rule is not null)
        {
            faulty.Simulator.Faults.Add(rule);
        }

        await using var client = await faulty.ConnectAsync(faulty.NewKey());

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        AssertDoneWithLink(result);
        Assert.Empty(result.Content.OfType<ImageContentBlock>());
        var expected = fault switch
        {
            "500" => "the result host answered HTTP 500",
            "dropped" => "the download failed",
            "slow" => "the download timed out",
            _ => "it is larger than 1000 bytes",
        };
        Assert.Contains($"No preview of the image: {expected}", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_download_stops_within_the_calls_wait_budget()
    {
        var budget = TimeSpan.FromSeconds(2);
        await using var hurried = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:WaitBudget"] = "00:00:02", ["Mcp:Previews:DownloadTimeout"] = "00:00:30" },
        });
        hurried.Simulator.Faults.Add(new FaultRule(FaultKind.Slow) { PathContains = Downloads, Delay = TimeSpan.FromSeconds(20) });
        await using var client = await hurried.ConnectAsync(hurried.NewKey());
        var clock = Stopwatch.StartNew();

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        AssertDoneWithLink(result);
        Assert.Contains("No preview of the image: the download timed out", result.Text(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < budget + TimeSpan.FromSeconds(1), $"The call took {clock.Elapsed} with a wait budget of {budget}.");
    }

    [Fact]
    public async Task When_more_jobs_finish_together_than_previews_are_made_at_once_the_rest_wait_their_turn_and_still_get_theirs()
    {
        // The server makes two previews a core at once; one call more than that must wait for a slow download to end.
        var atOnce = 2 * Environment.ProcessorCount;
        var download = TimeSpan.FromSeconds(3);
        await using var busy = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:WaitBudget"] = "00:01:00", ["Mcp:Previews:DownloadTimeout"] = "00:00:30" },
        });
        busy.Simulator.Faults.Add(new FaultRule(FaultKind.Slow) { PathContains = Downloads, Delay = download, Count = null });
        await using var client = await busy.ConnectAsync(busy.NewKey());
        var clock = Stopwatch.StartNew();

        var calls = await Task.WhenAll(Enumerable.Range(1, atOnce + 1).Select(async take =>
        {
            var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage($"a red fox in the snow, take {take}"), cancellationToken: CancellationToken);
            return (Result: result, Returned: clock.Elapsed);
        }));

        Assert.All(calls, call =>
        {
            AssertDoneWithLink(call.Result);
            Assert.Single(call.Result.Content.OfType<ImageContentBlock>());
        });
        var spread = calls.Max(call => call.Returned) - calls.Min(call => call.Returned);
        Assert.True(spread >= download - TimeSpan.FromMilliseconds(500),
            $"{calls.Length} calls returned within {spread} of each other: more than {atOnce} previews were downloaded at once.");
    }

    /// <summary>The result is a done job's, with its request_id, and its link both as text and as a resource link.</summary>
    private static string AssertDoneWithLink(CallToolResult result)
    {
        Assert.True(result.IsError is null or false, result.Text());
        var structured = result.StructuredContent!.Value;
        Assert.Equal("done", structured.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(structured.GetProperty("request_id").GetString()));
        var url = structured.GetProperty("result_url").GetString()!;
        Assert.Contains(url, result.Text(), StringComparison.Ordinal);
        Assert.Contains(result.Content.OfType<ResourceLinkBlock>(), link => link.Uri == url);
        return url;
    }

    private static string RequestId(CallToolResult result) => result.StructuredContent!.Value.GetProperty("request_id").GetString()!;

    private static Dictionary<string, object?> With(Dictionary<string, object?> arguments, string name, object? value) =>
        new(arguments) { [name] = value };
}
