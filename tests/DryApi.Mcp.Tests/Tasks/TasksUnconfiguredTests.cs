using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Tasks;

/// <summary>Without a sealing key no replica could read a task id back, so tasks are offered only with one.</summary>
public sealed class TasksUnconfiguredTests(McpServerHarness unconfigured, TaskHarness configured) : IClassFixture<McpServerHarness>, IClassFixture<TaskHarness>
{
    [Fact]
    public async Task Only_a_server_with_a_sealing_key_answers_a_client_declaring_tasks_with_a_task()
    {
        var key = unconfigured.NewKey();
        await using var client = await unconfigured.ConnectAsync(key, RawMcpRequest.Modern, capabilities: TaskClient.DeclaringTasks);
        await using var offered = await TaskClient.ConnectAsync(configured.Server, configured.Server.NewKey(), RawMcpRequest.Modern);

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: TestContext.Current.CancellationToken);
        var task = await offered.CallAsync("text_to_image", ToolSamples.TextToImage());

        Assert.False(client.ServerCapabilities.Extensions?.ContainsKey(TaskClient.ExtensionId) ?? false);
        Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Single(unconfigured.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal("task", task["resultType"]!.GetValue<string>());
    }
}
