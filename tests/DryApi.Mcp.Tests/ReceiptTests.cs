using System.Globalization;
using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests;

/// <summary>
/// Every paid result says what it cost: cost_usd is dryAPI's quote for the parameters sent (checked here against what
/// the simulator charged for the same call), asked beside the submission, never blocking the result, and never spending
/// the price calculations a Basic key needs for its own quotes.
/// </summary>
public sealed class ReceiptTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const decimal StartingBalance = 1000m;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public static TheoryData<string> PaidTools =>
    [
        .. ToolSamples.All.Values.Where(sample => sample.Operation.Contract.IsPaid).Select(sample => sample.Tool).Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(PaidTools))]
    public async Task A_paid_result_states_the_cost_the_simulator_charged_and_the_balance_left(string tool)
    {
        var key = harness.NewKey(StartingBalance);
        await using var client = await harness.ConnectAsync(key);
        var sample = ToolSamples.All[tool];

        var result = await client.CallToolAsync(tool, await sample.Arguments(client), cancellationToken: CancellationToken);

        Assert.True(result.IsError is null or false, result.Text());
        var charged = StartingBalance - harness.Simulator.Accounts.BalanceOf(key);
        Assert.True(charged > 0);
        var structured = result.StructuredContent!.Value;
        Assert.Equal(charged, structured.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(harness.Simulator.Accounts.BalanceOf(key), structured.GetProperty("balance_usd").GetDecimal());
        Assert.Contains($"Cost: {Usd(charged)} USD", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_spending_guards_quote_is_the_receipt_so_only_one_price_is_asked()
    {
        var key = harness.NewKey(StartingBalance);
        var arguments = ToolSamples.TextToImage();
        arguments["max_cost_usd"] = 100m;

        var result = await CallAsync(key, "text_to_image", arguments);

        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImagePrice));
        Assert.Equal(StartingBalance - harness.Simulator.Accounts.BalanceOf(key), result.StructuredContent!.Value.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task The_receipts_quote_is_asked_after_the_submission_while_the_job_runs()
    {
        var key = harness.NewKey(StartingBalance);

        await CallAsync(key, "text_to_image", ToolSamples.TextToImage());

        var quote = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImagePrice));
        var submission = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        var lastStatus = harness.RequestsBy(key, DryApiOperations.RequestStatus).Max(request => request.At);
        Assert.InRange(quote.At, submission.At, lastStatus);
    }

    [Fact]
    public async Task A_refused_submission_spends_no_price_calculation()
    {
        var key = harness.NewKey(StartingBalance);
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, PathContains = "txt2img", StatusCode = 422 });

        var result = await CallAsync(key, "text_to_image", ToolSamples.TextToImage());

        Assert.True(result.IsError);
        Assert.Empty(harness.RequestsBy(key, DryApiOperations.TextToImagePrice));
    }

    [Fact]
    public async Task A_failed_quote_leaves_the_result_whole_and_says_the_cost_is_not_known()
    {
        var key = harness.NewKey(StartingBalance);
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, PathContains = "price-calculation", StatusCode = 500, Count = null });

        var result = await CallAsync(key, "text_to_image", ToolSamples.TextToImage());

        Assert.True(result.IsError is null or false, result.Text());
        var structured = result.StructuredContent!.Value;
        Assert.Equal("done", structured.GetProperty("status").GetString());
        Assert.False(structured.TryGetProperty("cost_usd", out _));
        Assert.StartsWith("dryAPI's price calculation failed", structured.GetProperty("cost_note").GetString(), StringComparison.Ordinal);
        Assert.Contains("Cost not known: dryAPI's price calculation failed", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_quote_does_not_hold_the_result_back()
    {
        var key = harness.NewKey(StartingBalance);
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Slow) { ApiKey = key, PathContains = "price-calculation", Delay = TimeSpan.FromSeconds(20) });
        var started = DateTimeOffset.UtcNow;

        var result = await CallAsync(key, "text_to_image", ToolSamples.TextToImage());

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(15), "the result waited for the quote");
        var structured = result.StructuredContent!.Value;
        Assert.Equal("done", structured.GetProperty("status").GetString());
        Assert.Equal("dryAPI's price calculation had not answered when the result was ready.", structured.GetProperty("cost_note").GetString());
    }

    [Fact]
    public async Task A_basic_key_with_half_its_price_calculations_left_gets_no_receipt_quote_and_is_told_why()
    {
        var key = harness.NewKey(StartingBalance, RateTier.Basic);
        await using var client = await harness.ConnectAsync(key);
        for (var quote = 0; quote < 25; quote++)
        {
            await client.CallToolAsync("text_to_image_price", ToolSamples.TextToImage(), cancellationToken: CancellationToken);
        }

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        Assert.Equal(25, harness.RequestsBy(key, DryApiOperations.TextToImagePrice).Count);
        var note = result.StructuredContent!.Value.GetProperty("cost_note").GetString();
        Assert.Contains("25 of its 50 price calculations left this minute", note, StringComparison.Ordinal);
        Assert.Contains("text_to_image_price quotes the same arguments", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_that_follows_an_identical_job_says_it_was_charged_nothing()
    {
        var key = harness.NewKey(StartingBalance);
        await using var client = await harness.ConnectAsync(key);
        await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        var again = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Contains("was charged nothing", again.StructuredContent!.Value.GetProperty("cost_note").GetString(), StringComparison.Ordinal);
    }

    private async Task<CallToolResult> CallAsync(string key, string tool, Dictionary<string, object?> arguments)
    {
        await using var client = await harness.ConnectAsync(key);
        return await client.CallToolAsync(tool, arguments, cancellationToken: CancellationToken);
    }

    private static string Usd(decimal amount) => amount.ToString("0.######", CultureInfo.InvariantCulture);
}
