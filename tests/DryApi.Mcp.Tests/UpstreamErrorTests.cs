using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests;

/// <summary>Each class of dryAPI failure becomes a tool error that names the problem, never a protocol failure.</summary>
public sealed class UpstreamErrorTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    [Fact]
    public async Task Failed_job_reports_dryApis_error_code_message_and_request_id()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobError)
        {
            ApiKey = key,
            ErrorCode = "CONTENT_POLICY_VIOLATION",
            ErrorMessage = "The prompt breaks the content policy.",
        });

        var result = await CallAsync(key, "text_to_image", ToolSamples.TextToImage());

        var outcome = result.StructuredContent!.Value;
        var requestId = outcome.GetProperty("request_id").GetString()!;
        AssertToolError(result, "CONTENT_POLICY_VIOLATION", "The prompt breaks the content policy.", requestId);
        Assert.Equal("error", outcome.GetProperty("status").GetString());
        Assert.Equal("CONTENT_POLICY_VIOLATION", outcome.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Unknown_key_is_a_tool_error_about_the_api_key()
    {
        var result = await CallAsync(harness.UnknownKey(), "get_balance", []);

        AssertToolError(result, "(401)", "API key");
    }

    [Fact]
    public async Task Suspended_account_is_a_tool_error_about_the_account()
    {
        var result = await CallAsync(harness.NewKey(suspended: true), "text_to_image", ToolSamples.TextToImage());

        AssertToolError(result, "(403)", "suspended");
    }

    [Fact]
    public async Task Parameter_dryApi_refuses_is_a_tool_error_naming_the_field()
    {
        var key = harness.NewKey();
        var arguments = ToolSamples.TextToImage();
        arguments["loras"] = new[] { new Dictionary<string, object?> { ["name"] = "no_such_lora", ["weight"] = 1 } };

        var result = await CallAsync(key, "text_to_image", arguments);

        AssertToolError(result, "(422)", "loras.0.name");
        Assert.Equal(422, Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage)).StatusCode);
    }

    [Fact]
    public async Task Insufficient_balance_is_a_tool_error_about_the_balance()
    {
        var key = harness.NewKey(balance: 0m);

        var result = await CallAsync(key, "text_to_image", ToolSamples.TextToImage());

        AssertToolError(result, "balance is too low", "Nothing was queued");
    }

    [Fact]
    public async Task Daily_rate_limit_is_a_tool_error_about_the_limit()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status)
        {
            ApiKey = key, StatusCode = 429, RateLimitType = "daily", RetryAfterSeconds = 3600, Count = null,
        });

        var result = await CallAsync(key, "text_to_image", ToolSamples.TextToImage());

        AssertToolError(result, "(429)", "per day");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Server_error_is_a_tool_error_that_says_the_job_was_not_resent(int status)
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = status, PathContains = "txt2img" });

        var result = await CallAsync(key, "text_to_image", ToolSamples.TextToImage());

        AssertToolError(result, $"({status})", "not resent");
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Fact]
    public async Task Connection_dropped_after_submission_says_the_job_may_be_queued()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.DropAfterHandling) { ApiKey = key, PathContains = "txt2img" });

        var result = await CallAsync(key, "text_to_image", ToolSamples.TextToImage());

        AssertToolError(result, "may be queued");
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Empty(harness.RequestsBy(key, DryApiOperations.RequestStatus));
    }

    private async Task<CallToolResult> CallAsync(string key, string tool, Dictionary<string, object?> arguments)
    {
        await using var client = await harness.ConnectAsync(key);
        return await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static void AssertToolError(CallToolResult result, params string[] phrases)
    {
        Assert.True(result.IsError, $"Expected a tool error, got: {result.Text()}");
        var text = result.Text();
        Assert.All(phrases, phrase => Assert.Contains(phrase, text, StringComparison.Ordinal));
    }
}
