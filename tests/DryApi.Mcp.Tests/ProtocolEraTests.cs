using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests;

/// <summary>The SDK's own client, in each protocol revision the server speaks, over real HTTP.</summary>
public sealed class ProtocolEraTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    public static TheoryData<string> InitializeEraVersions => ["2025-03-26", "2025-06-18", "2025-11-25"];

    [Theory]
    [MemberData(nameof(InitializeEraVersions))]
    public async Task Initialize_era_client_lists_tools_and_reads_the_balance(string version)
    {
        var key = harness.NewKey(balance: 12.5m);
        var recorder = new RequestRecorder();
        await using var client = await harness.ConnectAsync(key, version, recorder: recorder);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var result = await client.CallToolAsync("get_balance", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(version, client.NegotiatedProtocolVersion);
        Assert.Contains(recorder.Sent, request => request.RpcMethod == "initialize");
        Assert.DoesNotContain(recorder.Sent, request => request.RpcMethod == "server/discover");
        Assert.Contains(tools, tool => tool.Name == "get_balance");
        AssertBalance(result, 12.5m);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.Balance));
    }

    [Fact]
    public async Task Modern_client_discovers_and_sends_per_request_meta_and_headers()
    {
        var key = harness.NewKey(balance: 7.25m);
        var recorder = new RequestRecorder();
        await using var client = await harness.ConnectAsync(key, "2026-07-28", recorder: recorder);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var result = await client.CallToolAsync("get_balance", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        Assert.DoesNotContain(recorder.Sent, request => request.RpcMethod == "initialize");
        Assert.Contains(recorder.Sent, request => request.RpcMethod == "server/discover" && request.StatusCode == 200);
        var call = Assert.Single(recorder.Sent, request => request.RpcMethod == "tools/call");
        Assert.Equal(("2026-07-28", "tools/call", "get_balance", 200), (call.ProtocolVersionHeader, call.MethodHeader, call.NameHeader, call.StatusCode));
        Assert.Equal("2026-07-28", call.RpcParams?["_meta"]?[MetaKeys.ProtocolVersion]?.GetValue<string>());
        Assert.Contains(tools, tool => tool.Name == "get_balance");
        AssertBalance(result, 7.25m);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.Balance));
    }

    [Fact]
    public async Task Client_without_a_pinned_version_negotiates_the_modern_revision()
    {
        var key = harness.NewKey(balance: 3m);
        await using var client = await harness.ConnectAsync(key);

        var result = await client.CallToolAsync("get_balance", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        AssertBalance(result, 3m);
    }

    private static void AssertBalance(CallToolResult result, decimal expected)
    {
        Assert.NotEqual(true, result.IsError);
        Assert.Equal(expected, result.StructuredContent!.Value.GetProperty("balance_usd").GetDecimal());
        Assert.Contains(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Text(), StringComparison.Ordinal);
    }
}
