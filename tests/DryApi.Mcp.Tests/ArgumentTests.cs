using DryApi.Mcp.Tests.Support;
using DryApi.Simulator.Media;

namespace DryApi.Mcp.Tests;

/// <summary>Arguments a tool cannot use are refused by the server, naming the argument, before anything reaches dryAPI.</summary>
public sealed class ArgumentTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    public static TheoryData<string, string, object?, string> BadArguments => new()
    {
        // tool, argument, value (null: leave it out), what the message must also say
        { "text_to_image", "prompt", null, "missing" },
        { "text_to_image", "width", "wide", "whole number" },
        { "text_to_image", "steps", 2.5, "whole number" },
        { "text_to_image", "colour", "red", "no such argument" },
        { "text_to_image", "width", 0, "between" },
        { "text_to_image_price", "model", "NoSuchModel", "Valid slugs: Flux1schnell" },
        { "image_remove_background", "image", "not base64 at all!", "base64" },
        { "image_remove_background", "image", Convert.ToBase64String(SampleMedia.Wav(1)), "accepted formats" },
        { "check_job_status", "request_id", null, "missing" },
        { "check_job_status", "wait_seconds", 301, "between" },
        { "get_balance", "verbose", true, "no such argument" },
        { "text_to_audio", "speed", 9, "max_speed" },
        { "text_to_embedding", "input", 42, "list" },
        { "audio_transcription", "include_ts", "yes", "true or false" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Bad_argument_is_a_tool_error_naming_it_and_nothing_is_sent(string tool, string argument, object? value, string explanation)
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);
        var arguments = new Dictionary<string, object?>(tool == "check_job_status"
            ? new Dictionary<string, object?> { ["request_id"] = "3f0c2b4e-0000-4000-8000-000000000000" }
            : await ToolSamples.All[tool].Arguments(client));
        if (value is null)
        {
            arguments.Remove(argument);
        }
        else
        {
            arguments[argument] = value;
        }

        var result = await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError, result.Text());
        Assert.Contains($"'{argument}'", result.Text(), StringComparison.Ordinal);
        Assert.Contains(explanation, result.Text(), StringComparison.Ordinal);
        Assert.Empty(harness.SubmissionsBy(key));
    }

    [Fact]
    public async Task Bad_value_inside_a_list_is_named_by_its_path()
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);
        var arguments = ToolSamples.TextToImage();
        arguments["loras"] = new[] { new Dictionary<string, object?> { ["name"] = "flux1_realism", ["weight"] = -1 } };

        var result = await client.CallToolAsync("text_to_image", arguments, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError, result.Text());
        Assert.Contains("'loras[0].weight'", result.Text(), StringComparison.Ordinal);
        Assert.Empty(harness.RequestsBy(key));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("../balance")]
    [InlineData("3f0c2b4e-0000-4000-8000-000000000000/../../balance")]
    [InlineData(" 3f0c2b4e-0000-4000-8000-000000000000")]
    [InlineData("{3f0c2b4e-0000-4000-8000-000000000000}")]
    [InlineData("req-42")]
    public async Task A_request_id_not_shaped_as_dryApi_issues_them_is_refused_by_name_and_nothing_reaches_dryApi(string requestId)
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);

        var result = await client.CallToolAsync(
            "check_job_status", new Dictionary<string, object?> { ["request_id"] = requestId }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError, result.Text());
        Assert.Contains("'request_id'", result.Text(), StringComparison.Ordinal);
        Assert.Contains("UUID such as", result.Text(), StringComparison.Ordinal);
        Assert.Empty(harness.RequestsBy(key));
    }
}
