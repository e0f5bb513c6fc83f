using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests;

/// <summary>Concurrent clients with different keys: every request dryAPI receives carries its own caller's key.</summary>
public sealed class IsolationTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const int JobsPerClient = 3;

    [Fact]
    public async Task Concurrent_clients_each_reach_dryApi_with_their_own_key()
    {
        var first = harness.NewKey(balance: 100m);
        var second = harness.NewKey(balance: 200m);
        await using var firstClient = await harness.ConnectAsync(first, "2025-11-25");
        await using var secondClient = await harness.ConnectAsync(second, "2026-07-28");

        var firstCalls = Calls(firstClient, "first");
        var secondCalls = Calls(secondClient, "second");
        await Task.WhenAll(firstCalls.Concat(secondCalls));

        AssertOwnJourney(first, "first", 100m, await Task.WhenAll(firstCalls), others: second);
        AssertOwnJourney(second, "second", 200m, await Task.WhenAll(secondCalls), others: first);
    }

    private static List<Task<CallToolResult>> Calls(McpClient client, string name) =>
    [
        .. Enumerable.Range(0, JobsPerClient).Select(index =>
            client.CallToolAsync("text_to_image", ToolSamples.TextToImage($"{name} client, job {index}"), cancellationToken: TestContext.Current.CancellationToken).AsTask()),
        client.CallToolAsync("get_balance", cancellationToken: TestContext.Current.CancellationToken).AsTask(),
    ];

    private void AssertOwnJourney(string key, string name, decimal startingBalance, CallToolResult[] results, string others)
    {
        Assert.All(results, result => Assert.True(result.IsError is null or false, result.Text()));
        var requestIds = results.SkipLast(1).Select(result => result.StructuredContent!.Value.GetProperty("request_id").GetString()!).ToList();
        var balance = results[^1].StructuredContent!.Value.GetProperty("balance_usd").GetDecimal();
        // The balance is read while the jobs are charged, so it lies between what the account had and has.
        Assert.InRange(balance, harness.Simulator.Accounts.BalanceOf(key), startingBalance);

        var journal = harness.Simulator.Journal.Entries;
        var submissions = journal.Where(entry => entry.OperationId == DryApiOperations.TextToImage.Contract.OperationId
                                                  && entry.Fields["prompt"][0].Contains($"{name} client", StringComparison.Ordinal)).ToList();
        Assert.Equal(JobsPerClient, submissions.Count);
        Assert.All(submissions, entry => Assert.Equal(key, entry.ApiKey));
        var polls = journal.Where(entry => requestIds.Any(id => entry.Path.EndsWith(id, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(polls);
        Assert.All(polls, entry => Assert.Equal(key, entry.ApiKey));
        Assert.DoesNotContain(harness.RequestsBy(others), entry => requestIds.Any(id => entry.Path.Contains(id, StringComparison.Ordinal)));
    }
}
