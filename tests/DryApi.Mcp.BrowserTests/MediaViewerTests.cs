using DryApi.Mcp.BrowserTests.Support;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.BrowserTests;

/// <summary>
/// The media viewer (an MCP App) in Debian's chromium, hosted by ext-apps' AppBridge, over the real MCP server and the
/// simulator: each media kind loads from the simulator's signed URL, a running job is followed to its end through the
/// host's tools/call bridge, a failed job shows its error. Screenshots go to <c>.ci/work/screenshots</c>.
/// </summary>
public sealed class MediaViewerTests(BrowserFixture browser, McpServerHarness harness)
    : IClassFixture<BrowserFixture>, IClassFixture<McpServerHarness>
{
    /// <summary>What an MCP Apps host declares: the ui extension with the viewer's MIME type.</summary>
    public static ClientCapabilities AppsHost { get; } = new()
    {
        Extensions = new Dictionary<string, object> { ["io.modelcontextprotocol/ui"] = JsonNode.Parse("""{"mimeTypes":["text/html;profile=mcp-app"]}""")! },
    };

    [Fact]
    public async Task An_image_result_shows_the_image_loaded_from_the_simulator_with_prompt_and_model()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey(), capabilities: AppsHost);
        await using var session = await ViewerSession.OpenAsync(browser, client, "text_to_image", new()
        {
            ["prompt"] = "a lighthouse on a cliff at sunset, oil painting",
            ["model"] = "Flux1schnell",
            ["width"] = 768,
            ["height"] = 512,
            ["steps"] = 4,
            ["seed"] = 42,
        });

        await session.WaitForStateAsync("done");
        var image = session.View.Locator("#image");
        await image.WaitForAsync();
        await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.Equal(768, await image.EvaluateAsync<int>("image => image.naturalWidth"));
        Assert.StartsWith(harness.Simulator.BaseAddress.GetLeftPart(UriPartial.Authority), await image.GetAttributeAsync("src"));
        await Assertions.Expect(session.View.Locator("#prompt")).ToHaveTextAsync("a lighthouse on a cliff at sunset, oil painting");
        await Assertions.Expect(session.View.Locator("#facts")).ToContainTextAsync("Model: Flux1schnell");
        Assert.True(session.ToolResult.StructuredContent!.Value.GetProperty("cost_usd").GetDouble() > 0);
        await Assertions.Expect(session.View.Locator("#facts")).ToContainTextAsync("Cost: $");
        await Assertions.Expect(session.View.Locator("#note")).ToContainTextAsync("Link valid until");
        Assert.DoesNotContain(session.ToolResult.Content, block => block is ResourceLinkBlock);
        await session.ScreenshotAsync("image");
        AssertNoBlockedLoads(session);
    }

    [Fact]
    public async Task A_video_result_shows_a_player_with_the_video_loaded_from_the_simulator()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey(), capabilities: AppsHost);
        await using var session = await ViewerSession.OpenAsync(browser, client, "text_to_video", new()
        {
            ["prompt"] = "waves rolling onto a beach at dusk",
            ["model"] = "Ltx2_19B_Dist_FP8",
            ["width"] = 768,
            ["height"] = 512,
            ["frames"] = 49,
            ["fps"] = 24,
            ["seed"] = 7,
        });

        await session.WaitForStateAsync("done");
        var video = session.View.Locator("video#video");
        await video.WaitForAsync();
        Assert.True(await video.EvaluateAsync<bool>("video => video.controls"));
        Assert.StartsWith(harness.Simulator.BaseAddress.GetLeftPart(UriPartial.Authority), await video.GetAttributeAsync("src"));
        await WaitForMetadataAsync(video);
        Assert.True(await video.EvaluateAsync<double>("video => video.duration") > 0);
        await session.ScreenshotAsync("video");
        AssertNoBlockedLoads(session);
    }

    [Fact]
    public async Task An_audio_result_shows_a_player_with_the_audio_loaded_from_the_simulator()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey(), capabilities: AppsHost);
        await using var session = await ViewerSession.OpenAsync(browser, client, "text_to_audio", new()
        {
            ["text"] = "Hello from the dryAPI media viewer.",
            ["model"] = "Kokoro",
            ["voice"] = "af_sky",
            ["lang"] = "en-us",
            ["format"] = "wav",
            ["sample_rate"] = 24000,
        });

        await session.WaitForStateAsync("done");
        var audio = session.View.Locator("audio#audio");
        await audio.WaitForAsync();
        await WaitForMetadataAsync(audio);
        Assert.True(await audio.EvaluateAsync<double>("audio => audio.duration") > 0);
        await Assertions.Expect(session.View.Locator("#prompt")).ToHaveTextAsync("Hello from the dryAPI media viewer.");
        await session.ScreenshotAsync("audio");
        AssertNoBlockedLoads(session);
    }

    [Fact]
    public async Task A_transcript_shows_its_text_in_a_scrollable_block()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey(), capabilities: AppsHost);
        await using var session = await ViewerSession.OpenAsync(browser, client, "audio_url_transcription", new()
        {
            ["audio_url"] = "https://twitter.com/i/spaces/1nAKEERkeLbKL",
            ["include_ts"] = true,
            ["model"] = "WhisperLargeV3",
        });

        await session.WaitForStateAsync("done");
        var text = session.ToolResult.StructuredContent!.Value.GetProperty("text").GetString()!;
        Assert.NotEmpty(text);
        var block = session.View.Locator("pre#text");
        await Assertions.Expect(block).ToHaveTextAsync(text.Trim());
        Assert.Equal("auto", await block.EvaluateAsync<string>("block => getComputedStyle(block).overflowY"));
        await session.ScreenshotAsync("transcript");
        AssertNoBlockedLoads(session);
    }

    [Fact]
    public async Task A_running_job_shows_progress_and_the_view_follows_it_through_check_job_status_to_the_result()
    {
        await using var slow = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:WaitBudget"] = "00:00:00.300" },
            JobDurations = new Dictionary<DryApi.Client.Contract.JobKind, TimeSpan> { [DryApi.Client.Contract.JobKind.Image] = TimeSpan.FromSeconds(5) },
        });
        var key = slow.NewKey();
        await using var client = await slow.ConnectAsync(key, capabilities: AppsHost);
        await using var session = await ViewerSession.OpenAsync(browser, client, "text_to_image", new()
        {
            ["prompt"] = "a paper boat on a rainy street",
            ["model"] = "Flux1schnell",
            ["width"] = 512,
            ["height"] = 512,
            ["steps"] = 4,
            ["seed"] = 3,
        });
        Assert.False(session.ToolResult.StructuredContent!.Value.GetProperty("finished").GetBoolean());
        Assert.True(session.ToolResult.StructuredContent!.Value.GetProperty("cost_usd").GetDouble() > 0);

        await session.WaitForStateAsync("running");
        await Assertions.Expect(session.View.Locator("#progress")).ToBeVisibleAsync();
        await session.ScreenshotAsync("running");

        await session.WaitForStateAsync("done", 60_000);
        var image = session.View.Locator("#image");
        await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.Equal(512, await image.EvaluateAsync<int>("image => image.naturalWidth"));
        await Assertions.Expect(session.View.Locator("#facts")).ToContainTextAsync("Cost: $");
        Assert.Contains("check_job_status", session.ToolsCalledByView);
        Assert.All(session.ToolsCalledByView, name => Assert.Equal("check_job_status", name));
        Assert.Single(slow.SubmissionsBy(key), entry => entry.OperationId == DryApi.Client.Contract.DryApiOperations.TextToImage.Contract.OperationId);
        await session.ScreenshotAsync("followed");
    }

    [Fact]
    public async Task A_failed_job_shows_its_error()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobError)
        {
            ApiKey = key,
            ErrorCode = "PROCESSING_ERROR",
            ErrorMessage = "The model ran out of memory at 768x768.",
        });
        await using var client = await harness.ConnectAsync(key, capabilities: AppsHost);
        await using var session = await ViewerSession.OpenAsync(browser, client, "text_to_image", new()
        {
            ["prompt"] = "a city of glass",
            ["model"] = "Flux1schnell",
            ["width"] = 768,
            ["height"] = 768,
            ["steps"] = 4,
        });

        await session.WaitForStateAsync("failed");
        await Assertions.Expect(session.View.Locator("#error")).ToContainTextAsync("The model ran out of memory at 768x768.");
        await session.ScreenshotAsync("failed");
    }

    [Fact]
    public async Task A_link_past_its_expiry_is_replaced_through_check_job_status()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey(), capabilities: AppsHost);
        await using var session = await ViewerSession.OpenAsync(
            browser, client, "text_to_image", SmallImage("a snail on a leaf"),
            result => result["links_expire_at"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));

        await WaitForViewCallsAsync(session, 1);
        await session.WaitForStateAsync("done");
        Assert.Equal(["check_job_status"], session.ToolsCalledByView);
        var image = session.View.Locator("#image");
        await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.Equal(256, await image.EvaluateAsync<int>("image => image.naturalWidth"));
    }

    [Fact]
    public async Task A_link_that_no_longer_loads_is_refreshed_once_through_check_job_status()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey(), capabilities: AppsHost);
        string? brokenUrl = null;
        await using var session = await ViewerSession.OpenAsync(
            browser, client, "text_to_image", SmallImage("a kite over a field"),
            result =>
            {
                // As a link whose signature has expired: the simulator refuses it.
                brokenUrl = System.Text.RegularExpressions.Regex.Replace(result["result_url"]!.GetValue<string>(), "signature=[0-9a-f]+", "signature=" + new string('0', 64));
                result["result_url"] = brokenUrl;
            });

        await WaitForViewCallsAsync(session, 1);
        var image = session.View.Locator("#image");
        await Assertions.Expect(image).Not.ToHaveAttributeAsync("src", brokenUrl!);
        await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.Equal(256, await image.EvaluateAsync<int>("image => image.naturalWidth"));
        Assert.Equal(["check_job_status"], session.ToolsCalledByView);
    }

    private static Dictionary<string, object?> SmallImage(string prompt) => new()
    {
        ["prompt"] = prompt,
        ["model"] = "Flux1schnell",
        ["width"] = 256,
        ["height"] = 256,
        ["steps"] = 4,
    };

    private static async Task WaitForViewCallsAsync(ViewerSession session, int count)
    {
        for (var waited = 0; session.ToolsCalledByView.Count < count; waited += 100)
        {
            Assert.True(waited < 30_000, $"The view made {session.ToolsCalledByView.Count} of {count} tool calls within 30 s.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task WaitForMetadataAsync(ILocator media) =>
        await media.EvaluateAsync(
            "media => media.readyState >= 1 ? true : new Promise((resolve, reject) => { " +
            "media.addEventListener('loadedmetadata', () => resolve(true), { once: true }); " +
            "media.addEventListener('error', () => reject(new Error('media error ' + (media.error && media.error.code))), { once: true }); " +
            "setTimeout(() => reject(new Error('no metadata after 15 s; readyState ' + media.readyState)), 15000); })");

    /// <summary>The view loaded nothing the CSP refused (a refusal shows as a console error).</summary>
    private static void AssertNoBlockedLoads(ViewerSession session) =>
        Assert.DoesNotContain(session.Console, line => line.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
}
