using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Tasks;

/// <summary>Without a sealing key no replica could read a task id back, so tasks are not offered and every client gets plain results.</summary>
public sealed class TasksUnconfiguredTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    [Fact]
    public async Task Without_a_sealing_key_a_client_declaring_tasks_gets_the_result_as_before()
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key, RawMcpRequest.Modern, capabilities: TaskClient.DeclaringTasks);

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(client.ServerCapabilities.Extensions?.ContainsKey(TaskClient.ExtensionId) ?? false);
        Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }
}
