using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Jobs;

/// <summary>
/// A paid call identical to one the same key made within Mcp:DuplicateCallWindow follows that job instead of paying
/// again; the simulator's journal is the witness of what was submitted.
/// </summary>
public sealed class DuplicateCallTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const string FollowedNote = "This is the job you started";

    private static readonly string[] Finished = ["done", "error"];

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_identical_retry_returns_the_same_job_says_so_and_submits_once()
    {
        var key = harness.NewKey();

        var first = await CallAsync(harness, key, "text_to_image", ToolSamples.TextToImage());
        var retry = await CallAsync(harness, key, "text_to_image", ToolSamples.TextToImage());

        Assert.NotEqual(true, retry.IsError);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal(RequestId(first), RequestId(retry));
        Assert.DoesNotContain(FollowedNote, first.Text(), StringComparison.Ordinal);
        Assert.Contains($"{FollowedNote} ", retry.Text(), StringComparison.Ordinal);
        Assert.Contains($"request_id \"{RequestId(first)}\"", retry.Text(), StringComparison.Ordinal);
        Assert.Contains("new_job: true", retry.Text(), StringComparison.Ordinal);
        Assert.Equal("done", retry.StructuredContent!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_retry_asking_for_progress_is_told_from_its_first_notification_that_it_follows_the_earlier_job()
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);
        var first = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);
        var progress = new ProgressRecorder();

        await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), progress, cancellationToken: CancellationToken);

        var opening = progress.Reports[0].Message;
        Assert.Contains($"Following job {RequestId(first)}", opening, StringComparison.Ordinal);
        Assert.Contains("nothing new was submitted", opening, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_random_seed_in_both_calls_is_the_same_request()
    {
        var key = harness.NewKey();
        var arguments = ToolSamples.TextToImage();
        arguments.Remove("seed");

        await CallAsync(harness, key, "text_to_image", arguments);
        await CallAsync(harness, key, "text_to_image", arguments);

        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Theory]
    [InlineData("seed", 43)]
    [InlineData("prompt", "a grey wolf in the snow")]
    [InlineData("new_job", true)]
    public async Task A_call_that_changes_a_parameter_or_asks_for_a_new_job_is_submitted_again(string name, object value)
    {
        var key = harness.NewKey();
        var changed = ToolSamples.TextToImage();
        changed[name] = value;

        var first = await CallAsync(harness, key, "text_to_image", ToolSamples.TextToImage());
        var second = await CallAsync(harness, key, "text_to_image", changed);

        Assert.Equal(2, harness.RequestsBy(key, DryApiOperations.TextToImage).Count);
        Assert.NotEqual(RequestId(first), RequestId(second));
        Assert.DoesNotContain(FollowedNote, second.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_file_is_a_new_job_and_the_same_file_sent_another_way_is_not()
    {
        var key = harness.NewKey();

        await CallAsync(harness, key, "image_upscale", Upscale(ToolSamples.Png(64)));
        var sameBytesAsDataUri = await CallAsync(harness, key, "image_upscale", Upscale("data:image/png;base64," + ToolSamples.Png(64)));
        await CallAsync(harness, key, "image_upscale", Upscale(ToolSamples.Png(48)));

        Assert.Contains(FollowedNote, sameBytesAsDataUri.Text(), StringComparison.Ordinal);
        Assert.Equal(2, harness.RequestsBy(key, DryApiOperations.ImageUpscale).Count);
    }

    [Fact]
    public async Task Two_identical_calls_at_once_submit_once_and_follow_one_job()
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);

        var results = await Task.WhenAll(
            client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken).AsTask(),
            client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken).AsTask());

        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal(RequestId(results[0]), RequestId(results[1]));
        Assert.Single(results, result => result.Text().Contains(FollowedNote, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_key_making_the_identical_call_gets_its_own_job()
    {
        var first = harness.NewKey();
        var second = harness.NewKey();

        var mine = await CallAsync(harness, first, "text_to_image", ToolSamples.TextToImage());
        var theirs = await CallAsync(harness, second, "text_to_image", ToolSamples.TextToImage());

        Assert.Single(harness.RequestsBy(first, DryApiOperations.TextToImage));
        Assert.Single(harness.RequestsBy(second, DryApiOperations.TextToImage));
        Assert.NotEqual(RequestId(mine), RequestId(theirs));
        Assert.DoesNotContain(FollowedNote, theirs.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_refused_before_submission_is_not_remembered()
    {
        var key = harness.NewKey();
        var overLimit = ToolSamples.TextToImage();
        overLimit["max_cost_usd"] = 0m;

        var refused = await CallAsync(harness, key, "text_to_image", overLimit);
        var paid = await CallAsync(harness, key, "text_to_image", ToolSamples.TextToImage());

        Assert.True(refused.IsError);
        Assert.NotEqual(true, paid.IsError);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.DoesNotContain(FollowedNote, paid.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_of_a_job_that_ended_in_error_is_submitted_again()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobError) { ApiKey = key });

        var failed = await CallAsync(harness, key, "text_to_image", ToolSamples.TextToImage());
        var retry = await CallAsync(harness, key, "text_to_image", ToolSamples.TextToImage());

        Assert.True(failed.IsError);
        Assert.NotEqual(true, retry.IsError);
        Assert.Equal(2, harness.RequestsBy(key, DryApiOperations.TextToImage).Count);
    }

    [Fact]
    public async Task A_retry_after_the_caller_gave_up_follows_the_running_job_and_one_that_since_failed_is_submitted_again()
    {
        await using var impatient = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:WaitBudget"] = "00:00:00.200" },
        });
        var running = impatient.NewKey();
        var failing = impatient.NewKey();
        impatient.Simulator.Faults.Add(new FaultRule(FaultKind.JobError) { ApiKey = failing });

        var gaveUp = await CallAsync(impatient, running, "text_to_image", ToolSamples.TextToImage());
        var retry = await CallAsync(impatient, running, "text_to_image", ToolSamples.TextToImage());
        var gaveUpOnFailing = await CallAsync(impatient, failing, "text_to_image", ToolSamples.TextToImage());
        await Task.Delay(TimeSpan.FromSeconds(1.5), CancellationToken);
        var retryOfFailed = await CallAsync(impatient, failing, "text_to_image", ToolSamples.TextToImage());

        Assert.DoesNotContain(Status(gaveUp), Finished);
        Assert.Equal(RequestId(gaveUp), RequestId(retry));
        Assert.Contains(FollowedNote, retry.Text(), StringComparison.Ordinal);
        Assert.Single(impatient.RequestsBy(running, DryApiOperations.TextToImage));

        Assert.DoesNotContain(Status(gaveUpOnFailing), Finished);
        Assert.NotEqual(true, retryOfFailed.IsError);
        Assert.NotEqual(RequestId(gaveUpOnFailing), RequestId(retryOfFailed));
        Assert.Equal(2, impatient.RequestsBy(failing, DryApiOperations.TextToImage).Count);
    }

    [Fact]
    public async Task After_the_window_an_identical_call_is_a_new_job_and_a_zero_window_turns_it_off()
    {
        await using var shortWindow = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:DuplicateCallWindow"] = "00:00:02" },
        });
        var key = shortWindow.NewKey();

        await CallAsync(shortWindow, key, "text_to_image", ToolSamples.TextToImage());
        var within = await CallAsync(shortWindow, key, "text_to_image", ToolSamples.TextToImage());
        await Task.Delay(TimeSpan.FromSeconds(2.5), CancellationToken);
        var after = await CallAsync(shortWindow, key, "text_to_image", ToolSamples.TextToImage());

        Assert.Contains(FollowedNote, within.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(FollowedNote, after.Text(), StringComparison.Ordinal);
        Assert.Equal(2, shortWindow.RequestsBy(key, DryApiOperations.TextToImage).Count);

        await using var off = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:DuplicateCallWindow"] = "00:00:00" },
        });
        var other = off.NewKey();
        await CallAsync(off, other, "text_to_image", ToolSamples.TextToImage());
        await CallAsync(off, other, "text_to_image", ToolSamples.TextToImage());
        Assert.Equal(2, off.RequestsBy(other, DryApiOperations.TextToImage).Count);
    }

    private static Dictionary<string, object?> Upscale(string image) => new() { ["image"] = image, ["model"] = "RealESRGAN_x4plus" };

    private static string Status(CallToolResult result) => result.StructuredContent!.Value.GetProperty("status").GetString()!;

    private static string RequestId(CallToolResult result) => result.StructuredContent!.Value.GetProperty("request_id").GetString()!;

    private static async Task<CallToolResult> CallAsync(McpServerHarness host, string key, string tool, Dictionary<string, object?> arguments)
    {
        await using var client = await host.ConnectAsync(key);
        return await client.CallToolAsync(tool, arguments, cancellationToken: CancellationToken);
    }
}
