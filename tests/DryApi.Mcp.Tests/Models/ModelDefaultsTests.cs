using System.Globalization;
using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Models;

/// <summary>
/// Job tools resolved against the simulator's model catalogue: the model and the parameters its defaults supply may be
/// left out, given values are checked against its limits and features, and the quote sends what the run sends.
/// </summary>
public sealed class ModelDefaultsTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_image_without_model_or_size_runs_on_the_preferred_model_with_its_defaults()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_image", new() { ["prompt"] = "a red fox in the snow" });

        Assert.NotEqual(true, result.IsError);
        var job = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal("Flux1schnell", Sent(job, "model"));
        Assert.Equal(768, Number(job, "width"));
        Assert.Equal(768, Number(job, "height"));
        Assert.Equal(4, Number(job, "steps"));
        Assert.Equal(0, Number(job, "guidance"));
        Assert.Contains("Model: Flux1schnell (picked by the server for txt2img", result.Text(), StringComparison.Ordinal);
        Assert.Contains("width=768", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_model_supplies_its_own_defaults()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_image", new() { ["prompt"] = "a red fox", ["model"] = "ZImageTurbo_INT8" });

        Assert.NotEqual(true, result.IsError);
        var job = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal("ZImageTurbo_INT8", Sent(job, "model"));
        Assert.Equal(8, Number(job, "steps"));
        Assert.StartsWith("Model: ZImageTurbo_INT8.", result.Content.OfType<TextContentBlock>().Last().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_without_model_size_frames_steps_or_guidance_takes_the_models_defaults()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_video", new() { ["prompt"] = "waves at dusk" });

        Assert.NotEqual(true, result.IsError);
        var job = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToVideo));
        Assert.Equal("Ltx2_19B_Dist_FP8", Sent(job, "model"));
        Assert.Equal(768, Number(job, "width"));
        Assert.Equal(121, Number(job, "frames"));
        Assert.Equal(8, Number(job, "steps"));
        Assert.Equal(1, Number(job, "guidance"));
    }

    [Fact]
    public async Task Speech_without_model_voice_language_speed_format_or_rate_takes_the_models_defaults()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_audio", new() { ["text"] = "Hello there." });

        Assert.NotEqual(true, result.IsError);
        var job = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToSpeech));
        Assert.Equal("Kokoro", Sent(job, "model"));
        Assert.Equal("af_sky", Sent(job, "voice"));
        Assert.Equal("en-us", Sent(job, "lang"));
        Assert.Equal("flac", Sent(job, "format"));
        Assert.Equal(1, Number(job, "speed"));
        Assert.Equal(24000, Number(job, "sample_rate"));
    }

    [Fact]
    public async Task Music_without_model_lyrics_duration_steps_guidance_or_format_takes_the_models_defaults()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_music", new() { ["caption"] = "calm lo-fi piano" });

        Assert.NotEqual(true, result.IsError);
        var job = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToMusic));
        Assert.Equal("ACE-Step-v1.5-turbo", Sent(job, "model"));
        Assert.Equal("[Instrumental]", Sent(job, "lyrics"));
        Assert.Equal(30, Number(job, "duration"));
        Assert.Equal(8, Number(job, "inference_steps"));
        Assert.Equal(7, Number(job, "guidance_scale"));
        Assert.Equal("flac", Sent(job, "format"));
    }

    [Fact]
    public async Task The_price_twin_quotes_exactly_what_the_run_sends_when_defaults_are_used()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_image", new() { ["prompt"] = "a red fox", ["width"] = 1000, ["max_cost_usd"] = 100m });

        Assert.NotEqual(true, result.IsError);
        var quote = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImagePrice));
        var job = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal("Flux1schnell", Sent(quote, "model"));
        Assert.Equal(1008, Number(quote, "width"));
        Assert.Equal(768, Number(quote, "height"));
        Assert.All(quote.Fields, field => Assert.Equal(field.Value, job.Fields[field.Key]));

        var priced = await CallAsync(key, "text_to_image_price", new() { ["prompt"] = "a red fox", ["width"] = 1000 });
        Assert.Contains("Model: Flux1schnell", priced.Text(), StringComparison.Ordinal);
        var second = harness.RequestsBy(key, DryApiOperations.TextToImagePrice)[1];
        Assert.All(quote.Fields, field => Assert.Equal(field.Value, second.Fields[field.Key]));
    }

    [Fact]
    public async Task A_width_off_the_resolution_step_is_rounded_to_it_and_the_result_says_so()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_image", new() { ["prompt"] = "a red fox", ["width"] = 1000, ["height"] = 521 });

        Assert.NotEqual(true, result.IsError);
        var job = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal(1008, Number(job, "width"));
        Assert.Equal(528, Number(job, "height"));
        Assert.Contains("width 1000 rounded to 1008 (Flux1schnell's resolution_step is 16)", result.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text_to_image", "steps", 11, "above Flux1schnell's max_steps of 10")]
    [InlineData("text_to_image", "width", 4096, "above Flux1schnell's max_width of 2048")]
    [InlineData("text_to_image", "height", 128, "below Flux1schnell's min_height of 256")]
    [InlineData("text_to_video", "frames", 300, "above Ltx2_19B_Dist_FP8's max_frames of 241")]
    [InlineData("text_to_video", "fps", 60, "above Ltx2_19B_Dist_FP8's max_fps of 30")]
    [InlineData("text_to_audio", "speed", 3, "above Kokoro's max_speed of 2")]
    public async Task A_value_outside_the_models_limits_is_refused_naming_the_limit_and_nothing_is_submitted(
        string tool, string argument, int value, string limit)
    {
        var key = harness.NewKey();
        var arguments = new Dictionary<string, object?> { [tool == "text_to_audio" ? "text" : "prompt"] = "something", [argument] = value };

        var result = await CallAsync(key, tool, arguments);

        Assert.True(result.IsError);
        Assert.Contains($"Invalid argument '{argument}': {value} is {limit}. Pass a value between", result.Text(), StringComparison.Ordinal);
        Assert.Empty(harness.SubmissionsBy(key));
    }

    [Fact]
    public async Task Text_longer_than_the_models_max_text_is_refused()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_audio", new() { ["text"] = new string('a', 5001) });

        Assert.True(result.IsError);
        Assert.Contains("'text': 5001 characters is above Kokoro's max_text of 5000", result.Text(), StringComparison.Ordinal);
        Assert.Empty(harness.SubmissionsBy(key));
    }

    [Fact]
    public async Task Guidance_given_to_a_model_without_supports_guidance_is_replaced_by_its_default()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_image", new() { ["prompt"] = "a red fox", ["model"] = "Flux1schnell", ["guidance"] = 7 });

        Assert.NotEqual(true, result.IsError);
        var job = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal(0, Number(job, "guidance"));
        Assert.Contains("guidance 7 replaced by 0 (Flux1schnell does not support guidance)", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_slug_lists_the_valid_slugs_for_the_task_after_one_refresh_and_submits_nothing()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_image", new() { ["prompt"] = "a red fox", ["model"] = "Flux9000" });

        Assert.True(result.IsError);
        Assert.Contains(
            "Invalid argument 'model': 'Flux9000' is not a txt2img model dryAPI lists. Valid slugs: Flux1schnell, ZImageTurbo_INT8, Flux_2_Klein_4B_BF16.",
            result.Text(), StringComparison.Ordinal);
        Assert.Equal(2, FirstPagesOfModels(key));
        Assert.Empty(harness.SubmissionsBy(key));
    }

    [Fact]
    public async Task A_slug_of_another_task_is_refused_with_this_tasks_slugs()
    {
        var key = harness.NewKey();

        var result = await CallAsync(key, "text_to_image", new() { ["prompt"] = "a red fox", ["model"] = "Kokoro" });

        Assert.True(result.IsError);
        Assert.Contains("'Kokoro' is not a txt2img model dryAPI lists. Valid slugs: Flux1schnell,", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_list_is_read_once_per_key_and_not_for_tools_list()
    {
        var first = harness.NewKey();
        var second = harness.NewKey();
        await using (var client = await harness.ConnectAsync(first))
        {
            await client.ListToolsAsync(cancellationToken: CancellationToken);
            Assert.Empty(harness.RequestsBy(first));
        }

        await CallAsync(first, "text_to_image_price", new() { ["prompt"] = "a red fox" });
        await CallAsync(first, "text_to_video_price", new() { ["prompt"] = "waves" });
        await CallAsync(second, "text_to_image_price", new() { ["prompt"] = "a red fox" });

        Assert.Equal(1, FirstPagesOfModels(first));
        Assert.Equal(1, FirstPagesOfModels(second));
        Assert.Equal(2, harness.RequestsBy(first, DryApiOperations.TextToImagePrice).Count + harness.RequestsBy(first, DryApiOperations.TextToVideoPrice).Count);
    }

    private int FirstPagesOfModels(string key) =>
        harness.RequestsBy(key, DryApiOperations.Models).Count(request => request.QueryString.EndsWith("&page=1", StringComparison.Ordinal));

    /// <summary>A field's value; JSON bodies are journaled as JSON text, multipart fields as plain text.</summary>
    private static string Sent(RecordedRequest request, string field)
    {
        var value = Assert.Single(request.Fields[field]);
        return value.StartsWith('"') ? JsonSerializer.Deserialize<string>(value)! : value;
    }

    private static double Number(RecordedRequest request, string field) => double.Parse(Sent(request, field), CultureInfo.InvariantCulture);

    private async Task<CallToolResult> CallAsync(string key, string tool, Dictionary<string, object?> arguments)
    {
        await using var client = await harness.ConnectAsync(key);
        return await client.CallToolAsync(tool, arguments, cancellationToken: CancellationToken);
    }
}
