using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Tasks;

// The SDK marks RoutingName (how a request's Mcp-Name header is set) experimental; tasks/* need it on 2026-07-28.
#pragma warning disable MCPEXP002

/// <summary>
/// The C# SDK client speaking MCP Tasks in one protocol revision: on 2026-07-28 it declares the tasks extension in
/// every request's <c>_meta</c>; on 2025-11-25 it adds <c>params.task</c> to <c>tools/call</c>. The SDK has no typed
/// calls for tasks, so they go as JSON-RPC requests through the client (its transport, headers and <c>_meta</c>).
/// </summary>
internal sealed class TaskClient(McpClient client, string revision) : IAsyncDisposable
{
    public const string ExtensionId = "io.modelcontextprotocol/tasks";

    public static ClientCapabilities DeclaringTasks { get; } = new() { Extensions = new Dictionary<string, object> { [ExtensionId] = new JsonObject() } };

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public McpClient Client => client;

    public bool IsModern => revision == RawMcpRequest.Modern;

    public static async Task<TaskClient> ConnectAsync(
        McpServerHarness harness, string key, string revision, bool declareTasks = true, string? userAgent = null) =>
        new(await harness.ConnectAsync(
            key, revision, capabilities: declareTasks && revision == RawMcpRequest.Modern ? DeclaringTasks : null, userAgent: userAgent), revision);

    /// <summary>The answer to <c>tools/call</c>; <paramref name="asTask"/> adds <c>params.task</c> on 2025-11-25 (on 2026-07-28 the declaration is enough).</summary>
    public async Task<JsonObject> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, bool asTask = true)
    {
        var parameters = new JsonObject { ["name"] = tool, ["arguments"] = JsonSerializer.SerializeToNode(arguments) };
        if (asTask && !IsModern)
        {
            parameters["task"] = new JsonObject { ["ttl"] = 60_000 };
        }

        return await SendAsync("tools/call", parameters, tool);
    }

    /// <summary>The task in a <c>tools/call</c> answer: flat on 2026-07-28, under <c>task</c> on 2025-11-25.</summary>
    public JsonObject TaskIn(JsonObject created) => IsModern ? created : created["task"]!.AsObject();

    public Task<JsonObject> GetAsync(string taskId) => SendAsync("tasks/get", new JsonObject { ["taskId"] = taskId }, taskId);

    public Task<JsonObject> CancelAsync(string taskId) => SendAsync("tasks/cancel", new JsonObject { ["taskId"] = taskId }, taskId);

    /// <summary>2025-11-25 only: the task's result, waited for.</summary>
    public Task<JsonObject> ResultAsync(string taskId) => SendAsync("tasks/result", new JsonObject { ["taskId"] = taskId }, taskId);

    /// <summary>Polls <c>tasks/get</c> at the interval the server suggests until the task is no longer working.</summary>
    public async Task<JsonObject> PollUntilDoneAsync(string taskId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var task = await GetAsync(taskId);
            if (task["status"]!.GetValue<string>() != "working" || DateTime.UtcNow > deadline)
            {
                return task;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(PollInterval(task)), CancellationToken);
        }
    }

    public long PollInterval(JsonObject task) => task[IsModern ? "pollIntervalMs" : "pollInterval"]!.GetValue<long>();

    public long Ttl(JsonObject task) => task[IsModern ? "ttlMs" : "ttl"]!.GetValue<long>();

    /// <summary>The tool result a finished task carries: inline from <c>tasks/get</c> on 2026-07-28, from <c>tasks/result</c> on 2025-11-25.</summary>
    public async Task<CallToolResult> FinalResultAsync(string taskId, JsonObject finished)
    {
        var node = IsModern ? finished["result"]! : await ResultAsync(taskId);
        return node.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!;
    }

    public async Task<JsonObject> SendAsync(string method, JsonObject parameters, string? routingName)
    {
        var response = await client.SendRequestAsync(
            new JsonRpcRequest { Method = method, Params = parameters, Context = new JsonRpcMessageContext { RoutingName = routingName } },
            CancellationToken);
        return response.Result!.AsObject();
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}
