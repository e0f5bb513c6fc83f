using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Mcp.Backplane;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Tests.Auth;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using StackExchange.Redis;

namespace DryApi.Mcp.Tests.Replicas;

/// <summary>
/// What replicas share through the Redis backplane, proven with three replicas behind a round-robin balancer (haproxy)
/// and a real redis-server: each request of a test goes to the next replica, and the balancer's header says which.
/// </summary>
public sealed class CrossReplicaTests
{
    private const string Client = "replica-tests";

    [Fact]
    public async Task A_cancel_sent_to_another_replica_stops_the_call()
    {
        await using var replicas = await ReplicaSet.StartAsync();
        var key = replicas.NewKey();
        replicas.Simulator.Faults.Add(new FaultRule(FaultKind.JobStuck) { ApiKey = key });
        using var http = new HttpClient();

        var call = PostAsync(http, replicas, ToolCall("text_to_image", ToolSamples.TextToImage(), id: 7), key);
        await Waits.UntilAsync(() => replicas.RequestsBy(key, DryApiOperations.RequestStatus).Count >= 2, "the call to poll its job twice");
        var cancelled = await PostAsync(http, replicas, Cancelled(id: 7), key);
        var answer = await call.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.NotEqual(answer.ServedBy, cancelled.ServedBy);
        Assert.Equal(HttpStatusCode.Accepted, cancelled.Status);
        Assert.DoesNotContain(RawMcpRequest.Events(answer.Body), message => message?["result"] is not null);
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        var pollsAfterGrace = replicas.RequestsBy(key, DryApiOperations.RequestStatus).Count;
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Equal(pollsAfterGrace, replicas.RequestsBy(key, DryApiOperations.RequestStatus).Count);
    }

    [Fact]
    public async Task A_cancel_naming_a_request_id_longer_than_clients_use_is_not_copied_to_the_other_replicas()
    {
        await using var replicas = await ReplicaSet.StartAsync(count: 1);
        var key = replicas.NewKey();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(replicas.Redis.Configuration);
        var published = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisBackplane.Prefix + "cancel"));
        using var http = new HttpClient();

        var longId = await PostAsync(http, replicas, Cancelled(new string('7', 100_000)), key);
        var shortId = await PostAsync(http, replicas, Cancelled("call-8"), key);
        var first = await published.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (longId.Status, shortId.Status));
        Assert.EndsWith("\ncall-8", first.Message.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identical_retry_on_another_replica_follows_the_first_job_during_and_after_it()
    {
        await using var replicas = await ReplicaSet.StartAsync(jobDuration: TimeSpan.FromSeconds(3));
        var key = replicas.NewKey();
        var arguments = ToolSamples.TextToImage($"a harbour at dawn {Guid.NewGuid():N}");
        var submission = ToolSamples.All["text_to_image"].Operation;
        using var http = new HttpClient();

        var first = PostAsync(http, replicas, ToolCall("text_to_image", arguments, id: 1), key);
        await Waits.UntilAsync(() => replicas.RequestsBy(key, submission).Count == 1, "the first call's submission");
        var retry = await PostAsync(http, replicas, ToolCall("text_to_image", arguments, id: 2), key);
        var original = await first;
        var later = await PostAsync(http, replicas, ToolCall("text_to_image", arguments, id: 3), key);

        Assert.Equal(3, new[] { original.ServedBy, retry.ServedBy, later.ServedBy }.Distinct().Count());
        var requestId = RequestId(original);
        Assert.Equal(requestId, RequestId(retry));
        Assert.Equal(requestId, RequestId(later));
        Assert.Single(replicas.RequestsBy(key, submission));
    }

    [Fact]
    public async Task A_code_or_refresh_token_used_on_one_replica_is_refused_on_another()
    {
        await using var replicas = await ReplicaSet.StartAsync(address => new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "true",
            ["Auth:PublicBaseUrl"] = address.GetLeftPart(UriPartial.Authority),
        });
        var key = replicas.NewKey();
        using var browser = OAuthBrowser.At(replicas.PublicAddress);
        var (clientId, redemption) = await browser.AuthorizeNewClientAsync(key);

        var redeemed = await browser.TokenAsync(redemption);
        var replayed = await browser.TokenAsync(redemption);
        var refresh = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = redeemed.RefreshToken, ["client_id"] = clientId };
        var refreshed = await browser.TokenAsync(refresh);
        var refreshReplayed = await browser.TokenAsync(refresh);

        Assert.Equal(HttpStatusCode.OK, redeemed.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (replayed.Status, replayed.Error));
        Assert.NotEqual(ServedBy(redeemed.Headers), ServedBy(replayed.Headers));
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (refreshReplayed.Status, refreshReplayed.Error));
        Assert.NotEqual(ServedBy(refreshed.Headers), ServedBy(refreshReplayed.Headers));
    }

    [Fact]
    public async Task A_webhook_delivered_to_the_wrong_replica_wakes_the_replica_that_waits()
    {
        // dryAPI's own deliveries go to an https address where nothing listens: the only webhook is the test's.
        var unreachable = $"https://127.0.0.1:{LocalProcess.FreePort()}";
        await using var replicas = await ReplicaSet.StartAsync(_ => new Dictionary<string, string?> { ["Auth:PublicBaseUrl"] = unreachable }, TimeSpan.FromSeconds(1));
        var key = replicas.NewKey();
        var submission = ToolSamples.All["text_to_image"].Operation;
        using var http = new HttpClient();

        // With a progress token, the answer's event stream (and the balancer's header) starts at once.
        var withProgress = ToolCall("text_to_image", ToolSamples.TextToImage(), id: 1);
        withProgress["params"]!["_meta"] = new JsonObject { ["progressToken"] = "wake" };
        using var response = await SendAsync(http, replicas, withProgress, key);
        var call = response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        await Waits.UntilAsync(() => replicas.RequestsBy(key, submission) is [{ StatusCode: 200 }], "the job to be submitted");
        var webhookUrl = new Uri(JsonSerializer.Deserialize<string>(replicas.RequestsBy(key, submission)[0].Fields["webhook_url"][0])!);
        var requestId = replicas.RequestsBy(key, submission)[0].CreatedRequestId!;
        await Waits.UntilAsync(() => replicas.Simulator.Webhooks.Entries.Any(delivery => delivery is { Event: "job.completed" } && delivery.RequestId == requestId), "dryAPI's job.completed delivery");
        var other = replicas.Replicas.First(replica => replica != replicas.Replica(ServedBy(response.Headers)));
        using var delivered = await http.PostAsync(
            new Uri(other.ServerUri, webhookUrl.AbsolutePath),
            JsonContent.Create(new { @event = "job.completed", delivery_id = Guid.NewGuid().ToString("D"), data = new { job_request_id = requestId, status = "done" } }),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, delivered.StatusCode);
        // Without the hint, the wait would look again only after Polling:WebhookFallbackDelay (a minute).
        var answer = await call.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal("done", ResultOf(answer)?["structuredContent"]?["status"]?.GetValue<string>());
    }

    [Fact]
    public async Task Twenty_waits_of_a_basic_tier_key_spread_over_three_replicas_draw_no_429()
    {
        await using var replicas = await ReplicaSet.StartAsync(_ => new Dictionary<string, string?>
        {
            [$"Mcp:ClientWaitBudgets:{Client}:WithoutProgress"] = "00:00:00.100",
            [$"Mcp:ClientWaitBudgets:{Client}:WithProgress"] = "00:02:00",
        }, TimeSpan.FromSeconds(6));
        var key = replicas.NewKey();
        await using var client = await ConnectAsync(replicas, key);
        var requestIds = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SubmitAsync(client)));
        replicas.Simulator.Accounts.SetTier(key, RateTier.Basic);

        var results = await Task.WhenAll(requestIds.Select(requestId => client.CallToolAsync(
            "check_job_status",
            new Dictionary<string, object?> { ["request_id"] = requestId, ["wait_seconds"] = 120 },
            new Progress<ProgressNotificationValue>(),
            cancellationToken: TestContext.Current.CancellationToken).AsTask()));

        Assert.DoesNotContain(429, replicas.RequestsBy(key, DryApiOperations.RequestStatus).Select(entry => entry.StatusCode));
        Assert.All(results, result => Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString()));
        Assert.All(replicas.Replicas, replica => Assert.Contains(replica.Logs.Lines, line => line.Contains("check_job_status", StringComparison.Ordinal)));
    }

    private static async Task<string> SubmitAsync(McpClient client)
    {
        var submitted = await client.CallToolAsync("text_to_audio", ToolSamples.TextToAudio("mp3"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(submitted.IsError is null or false, submitted.Text());
        return submitted.StructuredContent!.Value.GetProperty("request_id").GetString()!;
    }

    private static Task<McpClient> ConnectAsync(ReplicaSet replicas, string key) =>
        McpClient.CreateAsync(
            new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Endpoint = replicas.Endpoint,
                    TransportMode = HttpTransportMode.StreamableHttp,
                    AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
                },
                loggerFactory: null),
            new McpClientOptions { ProtocolVersion = McpProtocol.Modern, ClientInfo = new() { Name = Client, Version = "1.0.0" } },
            cancellationToken: TestContext.Current.CancellationToken);

    internal static JsonObject ToolCall(string tool, IReadOnlyDictionary<string, object?> arguments, int id) =>
        RawMcpRequest.Call("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = JsonSerializer.SerializeToNode(arguments) }, id: id);

    private static JsonObject Cancelled(JsonNode id)
    {
        var notification = RawMcpRequest.Notification("notifications/cancelled");
        notification["params"] = new JsonObject { ["requestId"] = id, ["reason"] = "The user gave up." };
        return notification;
    }

    /// <summary>A POST through the balancer, read to its end: the status, the replica that served it, and the body.</summary>
    internal static async Task<Answer> PostAsync(HttpClient http, ReplicaSet replicas, JsonObject body, string key)
    {
        using var response = await SendAsync(http, replicas, body, key);
        return new Answer(response.StatusCode, ServedBy(response.Headers), await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>A POST through the balancer, answered as far as its headers.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, ReplicaSet replicas, JsonObject body, string key)
    {
        using var request = RawMcpRequest.Post(replicas.Endpoint, body, key, new Dictionary<string, string> { ["MCP-Protocol-Version"] = RawMcpRequest.Legacy });
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }

    private static string ServedBy(System.Net.Http.Headers.HttpResponseHeaders headers) =>
        headers.TryGetValues(RoundRobinBalancer.ServedByHeader, out var values) ? values.Single() : "none";

    private static string? RequestId(Answer answer) =>
        ResultOf(answer.Body)?["structuredContent"]?["request_id"]?.GetValue<string>();

    private static JsonNode? ResultOf(string body) =>
        RawMcpRequest.Events(body).LastOrDefault(message => message?["result"] is not null)?["result"]
        ?? (body.StartsWith('{') ? JsonNode.Parse(body)?["result"] : null);

    internal sealed record Answer(HttpStatusCode Status, string ServedBy, string Body);
}
