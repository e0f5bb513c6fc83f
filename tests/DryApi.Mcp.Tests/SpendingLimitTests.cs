using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests;

/// <summary>The spending guard: a paid call quoted above a limit is refused before anything is submitted.</summary>
public sealed class SpendingLimitTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_quoted_above_max_cost_usd_is_refused_with_its_price_and_submits_nothing()
    {
        var key = harness.NewKey();
        var arguments = ToolSamples.TextToImage();
        arguments["max_cost_usd"] = 0.000001m;

        var result = await CallAsync(harness, key, "text_to_image", arguments);

        Assert.True(result.IsError);
        Assert.Contains("above your max_cost_usd of 0.000001 USD. Nothing was submitted.", result.Text(), StringComparison.Ordinal);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImagePrice));
        Assert.Empty(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal(1000m, harness.Simulator.Accounts.BalanceOf(key));
    }

    [Fact]
    public async Task A_job_within_max_cost_usd_is_quoted_then_run_with_the_same_parameters()
    {
        var key = harness.NewKey();
        var arguments = ToolSamples.TextToImage();
        arguments["max_cost_usd"] = 100m;

        var result = await CallAsync(harness, key, "text_to_image", arguments);

        Assert.NotEqual(true, result.IsError);
        var quote = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImagePrice));
        var job = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.True(quote.At <= job.At);
        Assert.All(quote.Fields, field => Assert.Equal(field.Value, job.Fields[field.Key]));
        Assert.False(job.Fields.ContainsKey("max_cost_usd"));
    }

    [Fact]
    public async Task A_prompt_booster_quoted_above_max_cost_usd_is_refused_and_not_sent()
    {
        var key = harness.NewKey();

        var result = await CallAsync(harness, key, "image_prompt_booster", new() { ["prompt"] = "a red fox", ["max_cost_usd"] = 0m });

        Assert.True(result.IsError);
        Assert.Contains("max_cost_usd", result.Text(), StringComparison.Ordinal);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.ImagePromptBoosterPrice));
        Assert.Empty(harness.RequestsBy(key, DryApiOperations.ImagePromptBooster));
    }

    [Fact]
    public async Task Without_a_limit_nothing_is_quoted_before_the_submission()
    {
        var key = harness.NewKey();

        var result = await CallAsync(harness, key, "text_to_image", ToolSamples.TextToImage());

        Assert.NotEqual(true, result.IsError);
        var submission = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.All(harness.RequestsBy(key, DryApiOperations.TextToImagePrice), quote => Assert.True(quote.At >= submission.At));
    }

    [Fact]
    public async Task The_servers_ceiling_refuses_a_call_above_it_even_without_max_cost_usd()
    {
        await using var capped = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:MaxCostPerCallUsd"] = "0.000001" },
        });
        var key = capped.NewKey();

        var result = await CallAsync(capped, key, "text_to_image", ToolSamples.TextToImage());

        Assert.True(result.IsError);
        Assert.Contains("Mcp:MaxCostPerCallUsd", result.Text(), StringComparison.Ordinal);
        Assert.Empty(capped.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Fact]
    public async Task Price_tools_do_not_offer_the_run_only_arguments()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());
        var tools = await client.ListToolsAsync(cancellationToken: CancellationToken);

        var run = tools.Single(tool => tool.Name == "text_to_image").JsonSchema.GetProperty("properties");
        var quote = tools.Single(tool => tool.Name == "text_to_image_price").JsonSchema.GetProperty("properties");
        Assert.True(run.TryGetProperty("max_cost_usd", out _));
        Assert.False(quote.TryGetProperty("max_cost_usd", out _));
        Assert.False(quote.TryGetProperty("webhook_url", out _));
    }

    private static async Task<CallToolResult> CallAsync(McpServerHarness host, string key, string tool, Dictionary<string, object?> arguments)
    {
        await using var client = await host.ConnectAsync(key);
        return await client.CallToolAsync(tool, arguments, cancellationToken: CancellationToken);
    }
}
