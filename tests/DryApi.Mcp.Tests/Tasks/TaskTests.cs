using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Tasks;

/// <summary>
/// MCP Tasks over real HTTP with the C# SDK client, in both revisions that have them: 2026-07-28 (the
/// io.modelcontextprotocol/tasks extension declared in each request's _meta) and 2025-11-25 (params.task). The
/// simulator's journal witnesses what each task submitted and polled.
/// </summary>
public sealed class TaskTests(TaskHarness fixture) : IClassFixture<TaskHarness>
{
    private const string KeepsRunning = "keeps running at dryAPI and is billed";

    private readonly McpServerHarness harness = fixture.Server;

    public static TheoryData<string> Revisions => [RawMcpRequest.Modern, RawMcpRequest.Legacy];

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_job_tool_answers_at_once_with_a_working_task_once_the_job_is_submitted(string revision)
    {
        var key = harness.NewKey();
        await using var client = await TaskClient.ConnectAsync(harness, key, revision);

        var created = await client.CallAsync("text_to_image", ToolSamples.TextToImage());

        var task = client.TaskIn(created);
        var requestId = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage)).CreatedRequestId!;
        Assert.Empty(harness.RequestsBy(key, DryApiOperations.RequestStatus));
        Assert.Equal(client.IsModern ? "task" : null, created["resultType"]?.GetValue<string>());
        Assert.Equal("working", task["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(task["taskId"]!.GetValue<string>()));
        Assert.Contains($"request_id \"{requestId}\"", task["statusMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((long)TimeSpan.FromHours(24).TotalMilliseconds, client.Ttl(task));
        // Polling:Image:InitialDelay in the harness (80 ms), grown by half the task's age when it was answered (Multiplier 1.5).
        var age = task["lastUpdatedAt"]!.GetValue<DateTimeOffset>() - task["createdAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(client.PollInterval(task), 80 + (long)(age.TotalMilliseconds / 2) - 1, 80 + (long)(age.TotalMilliseconds / 2) + 1);
        if (!client.IsModern)
        {
            Assert.Contains(requestId, created["_meta"]!["io.modelcontextprotocol/model-immediate-response"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task Tasks_get_reports_a_running_job_as_working_with_its_progress_in_one_status_request(string revision)
    {
        var key = harness.NewKey();
        await using var client = await TaskClient.ConnectAsync(harness, key, revision);
        var taskId = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()))["taskId"]!.GetValue<string>();

        var running = await client.GetAsync(taskId);

        var requestId = harness.RequestsBy(key, DryApiOperations.TextToImage).Single().CreatedRequestId!;
        Assert.Equal("working", running["status"]!.GetValue<string>());
        Assert.Equal(taskId, running["taskId"]!.GetValue<string>());
        Assert.Matches($@"^Job {requestId}: (pending|processing), \d+(\.\d)?%\.$", running["statusMessage"]!.GetValue<string>());
        Assert.Null(running["result"]);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.RequestStatus));
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_finished_task_carries_the_result_the_plain_tool_returns(string revision)
    {
        var key = harness.NewKey();
        await using var client = await TaskClient.ConnectAsync(harness, key, revision);
        var taskId = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()))["taskId"]!.GetValue<string>();

        var finished = await client.PollUntilDoneAsync(taskId);
        var fromTask = await client.FinalResultAsync(taskId, finished);

        var plainKey = harness.NewKey();
        await using var plainClient = await harness.ConnectAsync(plainKey, revision);
        var plain = await plainClient.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        Assert.Equal("completed", finished["status"]!.GetValue<string>());
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal("done", fromTask.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Contains(fromTask.Content, block => block is ResourceLinkBlock { MimeType: "image/png" });
        Assert.Equal(
            Comparable(plain, harness.RequestsBy(plainKey, DryApiOperations.TextToImage).Single().CreatedRequestId!),
            Comparable(fromTask, harness.RequestsBy(key, DryApiOperations.TextToImage).Single().CreatedRequestId!));
        if (!client.IsModern)
        {
            Assert.Equal(taskId, fromTask.Meta!["io.modelcontextprotocol/related-task"]!["taskId"]!.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_tasks_result_is_shaped_as_its_call_asked_without_a_preview_when_it_said_preview_false(string revision)
    {
        await using var client = await TaskClient.ConnectAsync(harness, harness.NewKey(), revision);
        var arguments = ToolSamples.TextToImage();
        arguments["preview"] = false;
        var taskId = client.TaskIn(await client.CallAsync("text_to_image", arguments))["taskId"]!.GetValue<string>();

        var result = await client.FinalResultAsync(taskId, await client.PollUntilDoneAsync(taskId));

        Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.DoesNotContain(result.Content, block => block is ImageContentBlock);
        Assert.Contains(result.Content, block => block is ResourceLinkBlock);
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_tasks_result_for_a_client_that_renders_apps_has_no_resource_link_and_keeps_its_preview(string revision)
    {
        await using var client = await TaskClient.ConnectAsync(harness, harness.NewKey(), revision, userAgent: "Claude-User");
        var taskId = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()))["taskId"]!.GetValue<string>();

        var result = await client.FinalResultAsync(taskId, await client.PollUntilDoneAsync(taskId));

        var url = result.StructuredContent!.Value.GetProperty("result_url").GetString()!;
        Assert.DoesNotContain(result.Content, block => block is ResourceLinkBlock);
        Assert.Contains(result.Content, block => block is ImageContentBlock);
        Assert.Contains(url, result.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_job_that_fails_ends_its_task_with_the_tools_error_and_an_identical_call_submits_again(string revision)
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobError)
        {
            ApiKey = key, PathContains = "/" + DryApiOperations.TextToImage.Contract.Path, ErrorCode = "INVALID_INPUT", ErrorMessage = "Simulated INVALID_INPUT.",
        });
        await using var client = await TaskClient.ConnectAsync(harness, key, revision);
        var taskId = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()))["taskId"]!.GetValue<string>();

        var ended = await client.PollUntilDoneAsync(taskId);
        var result = await client.FinalResultAsync(taskId, ended);
        var retry = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()));

        // 2026-07-28: a tool error is "completed" (failed is for JSON-RPC errors); 2025-11-25 counts it as "failed".
        Assert.Equal(client.IsModern ? "completed" : "failed", ended["status"]!.GetValue<string>());
        Assert.Contains("INVALID_INPUT", ended["statusMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(result.IsError);
        Assert.Contains("failed with INVALID_INPUT: Simulated INVALID_INPUT.", result.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("This is the job you started", retry["statusMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, harness.RequestsBy(key, DryApiOperations.TextToImage).Count);
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task An_identical_task_call_follows_the_earlier_job_and_says_so(string revision)
    {
        var key = harness.NewKey();
        await using var client = await TaskClient.ConnectAsync(harness, key, revision);

        var first = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()));
        var retry = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()));
        var finished = await client.PollUntilDoneAsync(retry["taskId"]!.GetValue<string>());
        var result = await client.FinalResultAsync(retry["taskId"]!.GetValue<string>(), finished);

        var requestId = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage)).CreatedRequestId!;
        Assert.DoesNotContain("This is the job you started", first["statusMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("This is the job you started", retry["statusMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("This is the job you started", result.Text(), StringComparison.Ordinal);
        Assert.Equal(requestId, result.StructuredContent!.Value.GetProperty("request_id").GetString());
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task Another_replica_with_the_same_sealing_keys_answers_for_the_task_and_one_with_other_keys_does_not(string revision)
    {
        await using var replica = await McpServerHarness.StartAsync(new McpHarnessSettings { Configuration = TaskHarness.SealingKey, Upstream = harness.Simulator });
        await using var stranger = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?>(TaskHarness.SealingKey) { ["Auth:SealingKeys:0:Secret"] = Convert.ToBase64String(new byte[32]) },
            Upstream = harness.Simulator,
        });
        var key = harness.NewKey();
        await using var atFirst = await TaskClient.ConnectAsync(harness, key, revision);
        await using var atReplica = await TaskClient.ConnectAsync(replica, key, revision);
        await using var atStranger = await TaskClient.ConnectAsync(stranger, key, revision);
        var taskId = atFirst.TaskIn(await atFirst.CallAsync("text_to_image", ToolSamples.TextToImage()))["taskId"]!.GetValue<string>();

        var finished = await atReplica.PollUntilDoneAsync(taskId);
        var result = await atReplica.FinalResultAsync(taskId, finished);
        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => atStranger.GetAsync(taskId));

        Assert.Equal("completed", finished["status"]!.GetValue<string>());
        Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.Equal(McpErrorCode.InvalidParams, refused.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_task_id_presented_with_another_key_is_not_found(string revision)
    {
        var owner = harness.NewKey();
        var other = harness.NewKey();
        await using var ownerClient = await TaskClient.ConnectAsync(harness, owner, revision);
        await using var otherClient = await TaskClient.ConnectAsync(harness, other, revision);
        var taskId = ownerClient.TaskIn(await ownerClient.CallAsync("text_to_image", ToolSamples.TextToImage()))["taskId"]!.GetValue<string>();

        var get = await Assert.ThrowsAsync<McpProtocolException>(() => otherClient.GetAsync(taskId));
        var cancel = await Assert.ThrowsAsync<McpProtocolException>(() => otherClient.CancelAsync(taskId));

        Assert.Equal(McpErrorCode.InvalidParams, get.ErrorCode);
        Assert.Contains("Task not found", get.Message, StringComparison.Ordinal);
        Assert.Equal(McpErrorCode.InvalidParams, cancel.ErrorCode);
        Assert.Empty(harness.RequestsBy(other, DryApiOperations.RequestStatus));
        Assert.Empty(harness.RequestsBy(owner, DryApiOperations.RequestStatus));
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_tampered_task_id_is_not_found(string revision)
    {
        var key = harness.NewKey();
        await using var client = await TaskClient.ConnectAsync(harness, key, revision);
        var taskId = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()))["taskId"]!.GetValue<string>();
        var middle = taskId.Length / 2;
        var tampered = taskId[..middle] + (taskId[middle] == 'A' ? 'B' : 'A') + taskId[(middle + 1)..];

        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => client.GetAsync(tampered));

        Assert.Equal(McpErrorCode.InvalidParams, refused.ErrorCode);
        Assert.Empty(harness.RequestsBy(key, DryApiOperations.RequestStatus));
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task Tasks_cancel_says_the_job_keeps_running_and_is_billed_and_a_later_get_reports_the_job(string revision)
    {
        var key = harness.NewKey();
        await using var client = await TaskClient.ConnectAsync(harness, key, revision);
        var taskId = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()))["taskId"]!.GetValue<string>();

        var cancelled = await client.CancelAsync(taskId);

        var notice = client.IsModern
            ? cancelled["_meta"]!["dryapi-mcp/notice"]!.GetValue<string>()
            : cancelled["statusMessage"]!.GetValue<string>();
        Assert.Contains(KeepsRunning, notice, StringComparison.Ordinal);
        Assert.Equal(client.IsModern ? "complete" : "cancelled", cancelled[client.IsModern ? "resultType" : "status"]!.GetValue<string>());
        Assert.Empty(harness.RequestsBy(key, DryApiOperations.RequestStatus));

        // Nothing records the cancel: the job ran on at dryAPI, and a later look reports it as dryAPI has it.
        var later = await client.PollUntilDoneAsync(taskId);
        Assert.Equal("completed", later["status"]!.GetValue<string>());
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_client_that_declares_nothing_gets_the_result_as_before_from_a_server_that_offers_tasks(string revision)
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key, revision);

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        Assert.True(client.ServerCapabilities.Extensions?.ContainsKey(TaskClient.ExtensionId));
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString());
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task A_call_refused_before_submission_creates_no_task_and_the_call_within_the_limit_does(string revision)
    {
        var key = harness.NewKey();
        await using var client = await TaskClient.ConnectAsync(harness, key, revision);
        var overLimit = ToolSamples.TextToImage();
        overLimit["max_cost_usd"] = 0m;

        if (client.IsModern)
        {
            var refused = (await client.CallAsync("text_to_image", overLimit)).Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!;
            Assert.True(refused.IsError);
            Assert.Contains("max_cost_usd", refused.Text(), StringComparison.Ordinal);
        }
        else
        {
            // A 2025-11-25 client that asked for a task expects a task or an error.
            var refused = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallAsync("text_to_image", overLimit));
            Assert.Equal(McpErrorCode.InvalidParams, refused.ErrorCode);
            Assert.Contains("max_cost_usd", refused.Message, StringComparison.Ordinal);
        }

        Assert.Empty(harness.RequestsBy(key, DryApiOperations.TextToImage));
        var created = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()));
        Assert.Equal("working", created["status"]!.GetValue<string>());
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Fact]
    public async Task The_modern_server_declares_the_extension_and_refuses_task_methods_to_a_request_that_does_not()
    {
        var key = harness.NewKey();
        await using var client = await TaskClient.ConnectAsync(harness, key, RawMcpRequest.Modern);
        await using var undeclared = await TaskClient.ConnectAsync(harness, key, RawMcpRequest.Modern, declareTasks: false);
        var taskId = client.TaskIn(await client.CallAsync("text_to_image", ToolSamples.TextToImage()))["taskId"]!.GetValue<string>();

        // -32021 is also HTTP 400 on 2026-07-28, where the SDK client reports the status with the body.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => undeclared.GetAsync(taskId));

        Assert.True(client.Client.ServerCapabilities.Extensions?.ContainsKey(TaskClient.ExtensionId));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"code\":-32021", refused.Message, StringComparison.Ordinal);
        Assert.Contains("\"requiredCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_2026_07_28_a_task_request_must_name_its_task_in_mcp_name()
    {
        var key = harness.NewKey();
        using var http = new HttpClient();
        var body = RawMcpRequest.Call("tasks/get", new JsonObject { ["taskId"] = "some-task" }, metaVersion: RawMcpRequest.Modern);

        using var unnamed = await http.SendAsync(
            RawMcpRequest.Post(harness.Endpoint, body, key, RawMcpRequest.ModernHeaders("tasks/get")), CancellationToken);
        using var misnamed = await http.SendAsync(
            RawMcpRequest.Post(harness.Endpoint, body.DeepClone(), key, RawMcpRequest.ModernHeaders("tasks/get", "other-task")), CancellationToken);

        foreach (var answer in new[] { unnamed, misnamed })
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
            var message = RawMcpRequest.ResponseMessage(await answer.Content.ReadAsStringAsync(CancellationToken), answer.Content.Headers.ContentType?.MediaType)!;
            Assert.Equal(-32020, message["error"]!["code"]!.GetValue<int>());
            Assert.Contains("Mcp-Name", message["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_2025_11_25_server_declares_tasks_and_marks_only_job_tools_optional()
    {
        var key = harness.NewKey();
        using var http = new HttpClient();
        var initialize = RawMcpRequest.Call("initialize", new JsonObject
        {
            ["protocolVersion"] = RawMcpRequest.Legacy,
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1" },
        });

        var capabilities = (await PostAsync(http, key, initialize))!["result"]!["capabilities"]!;
        var tools = (await PostAsync(http, key, RawMcpRequest.Call("tools/list")))!["result"]!["tools"]!.AsArray();

        Assert.Equal("""{"cancel":{},"requests":{"tools":{"call":{}}}}""", capabilities["tasks"]!.ToJsonString());
        Assert.Equal("optional", Tool(tools, "text_to_image")["execution"]!["taskSupport"]!.GetValue<string>());
        Assert.Null(Tool(tools, "get_balance")["execution"]);
        Assert.Null(Tool(tools, "text_to_image_price")["execution"]);
    }

    [Fact]
    public async Task A_2025_11_25_task_call_of_a_tool_without_tasks_is_method_not_found()
    {
        var key = harness.NewKey();
        await using var client = await TaskClient.ConnectAsync(harness, key, RawMcpRequest.Legacy);

        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallAsync("get_balance", new Dictionary<string, object?>()));

        Assert.Equal(McpErrorCode.MethodNotFound, refused.ErrorCode);
    }

    /// <summary>
    /// A result as JSON with its request_id and its links' signatures (minted for each status read) written out, so
    /// results of two jobs compare; without what the protocol adds around it (_meta, the 2026-07-28 resultType).
    /// </summary>
    private static string Comparable(CallToolResult result, string requestId)
    {
        var copy = JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions)!.AsObject();
        copy.Remove("_meta");
        copy.Remove("resultType");
        var json = copy.ToJsonString().Replace(requestId, "<id>", StringComparison.Ordinal);
        json = System.Text.RegularExpressions.Regex.Replace(json, @"expires=\d+\\u0026signature=[0-9a-f]+", "<signature>");
        json = System.Text.RegularExpressions.Regex.Replace(json, @"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", "<expiry>");
        return System.Text.RegularExpressions.Regex.Replace(json, @"""links_expire_at"":""[^""]+""", "<expiry>");
    }

    private static JsonObject Tool(JsonArray tools, string name) =>
        tools.Select(tool => tool!.AsObject()).Single(tool => tool["name"]!.GetValue<string>() == name);

    private async Task<JsonNode?> PostAsync(HttpClient http, string key, JsonObject body)
    {
        using var request = RawMcpRequest.Post(harness.Endpoint, body, key, new Dictionary<string, string> { ["MCP-Protocol-Version"] = RawMcpRequest.Legacy });
        using var response = await http.SendAsync(request, CancellationToken);
        return RawMcpRequest.ResponseMessage(await response.Content.ReadAsStringAsync(CancellationToken), response.Content.Headers.ContentType?.MediaType);
    }
}
