using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Jobs;

/// <summary>
/// With an https <c>Auth:PublicBaseUrl</c>, each job is submitted with a webhook of ours; the simulator sends dryAPI's
/// webhooks to it over real https, and a webhook wakes the wait, which confirms with one status request. Polling goes
/// on only every Polling:WebhookFallbackDelay (a minute), so a job seen within seconds was seen through its webhook.
/// The simulator's journals are the witnesses of what was submitted, polled and delivered.
/// </summary>
public sealed class WebhookTests
{
    private static readonly TimeSpan Job = TimeSpan.FromSeconds(2);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Jobs_are_seen_through_their_webhooks_with_one_status_request_each()
    {
        await using var harness = await PublicAsync();
        var key = harness.NewKey();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(index => CallAsync(harness, key, ToolSamples.TextToImage($"a fox, take {index}"))));

        Assert.All(results, result => Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString()));
        var submissions = harness.RequestsBy(key, DryApiOperations.TextToImage);
        var polls = harness.RequestsBy(key, DryApiOperations.RequestStatus);
        Assert.Equal(3, submissions.Count);
        Assert.Equal(3, polls.Count);
        foreach (var submission in submissions)
        {
            var url = WebhookUrl(submission)!;
            Assert.StartsWith(harness.PublicBaseUrl + "/webhooks/dryapi/whk_", url, StringComparison.Ordinal);
            Assert.DoesNotContain(key[(key.IndexOf('|', StringComparison.Ordinal) + 1)..], url, StringComparison.Ordinal);
            Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains(url[(url.LastIndexOf('/') + 1)..], StringComparison.Ordinal));

            // Seen within seconds of being done, where polling alone would have waited a minute.
            var poll = Assert.Single(polls, poll => poll.Path.EndsWith(submission.CreatedRequestId!, StringComparison.Ordinal));
            Assert.InRange(poll.At - (submission.At + Job), TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.Contains(harness.Simulator.Webhooks.Entries, delivery =>
                delivery is { Event: "job.completed", StatusCode: 204 } && delivery.RequestId == submission.CreatedRequestId);
        }

        Assert.Equal(3, harness.Simulator.Webhooks.Entries.Count(delivery => delivery is { Event: "job.processing", StatusCode: 204 }));
    }

    [Fact]
    public async Task A_failed_job_is_seen_through_its_job_failed_webhook_with_one_status_request()
    {
        await using var harness = await PublicAsync();
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.JobError) { ApiKey = key, ErrorCode = "WORKER_TIMEOUT" });

        var result = await CallAsync(harness, key, ToolSamples.TextToImage());

        Assert.True(result.IsError);
        Assert.Contains("WORKER_TIMEOUT", result.Text(), StringComparison.Ordinal);
        var submission = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        var poll = Assert.Single(harness.RequestsBy(key, DryApiOperations.RequestStatus));
        Assert.InRange(poll.At - (submission.At + Job), TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains(harness.Simulator.Webhooks.Entries, delivery => delivery is { Event: "job.failed", StatusCode: 204 });
    }

    [Fact]
    public async Task A_webhook_for_a_job_not_done_costs_one_status_request_and_the_wait_goes_on()
    {
        await using var harness = await PublicAsync(job: TimeSpan.FromSeconds(4));
        var key = harness.NewKey();
        var call = CallAsync(harness, key, ToolSamples.TextToImage());
        var submission = await UntilAsync(() => harness.RequestsBy(key, DryApiOperations.TextToImage).SingleOrDefault(entry => entry.CreatedRequestId is not null));
        using var http = harness.NewPublicClient();

        using var forged = await PostAsync(http, WebhookUrl(submission)!, Completed(submission.CreatedRequestId!));
        var confirmation = await UntilAsync(() => harness.RequestsBy(key, DryApiOperations.RequestStatus).SingleOrDefault());
        var result = await call;

        Assert.Equal(HttpStatusCode.NoContent, forged.StatusCode);
        Assert.True(confirmation.At < submission.At + TimeSpan.FromSeconds(4), "The forged hint was confirmed before the job was done.");
        Assert.Equal("done", result.StructuredContent!.Value.GetProperty("status").GetString());
        var polls = harness.RequestsBy(key, DryApiOperations.RequestStatus);
        Assert.Equal(2, polls.Count);
        Assert.True(polls[1].At >= submission.At + TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_token_not_ours_gets_404_and_a_large_body_413()
    {
        await using var harness = await PublicAsync(job: TimeSpan.FromSeconds(5));
        var key = harness.NewKey();
        var call = CallAsync(harness, key, ToolSamples.TextToImage());
        var submission = await UntilAsync(() => harness.RequestsBy(key, DryApiOperations.TextToImage).SingleOrDefault(entry => entry.CreatedRequestId is not null));
        var genuine = WebhookUrl(submission)!;
        var token = genuine[(genuine.LastIndexOf('/') + 1)..];
        var tampered = genuine[..^1] + (genuine[^1] == 'A' ? 'B' : 'A');
        using var http = harness.NewPublicClient();
        var body = Completed(submission.CreatedRequestId!);

        foreach (var url in new[] { harness.PublicBaseUrl + "/webhooks/dryapi/whk_" + new string('A', token.Length - 4), harness.PublicBaseUrl + "/webhooks/dryapi/x", tampered })
        {
            using var refused = await PostAsync(http, url, body);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        using var large = await PostAsync(http, genuine, "{\"event\":\"job.completed\",\"padding\":\"" + new string('x', 20_000) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Empty(harness.RequestsBy(key, DryApiOperations.RequestStatus));
        Assert.Equal("done", (await call).StructuredContent!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_callers_own_webhook_url_is_passed_through_and_ours_goes_only_on_calls_without_one()
    {
        await using var harness = await PublicAsync();
        var theirs = harness.NewKey();
        var arguments = ToolSamples.TextToImage();
        arguments["webhook_url"] = "https://127.0.0.1:9/their/hook";
        var ours = harness.NewKey();

        await CallAsync(harness, theirs, arguments);
        await CallAsync(harness, ours, ToolSamples.TextToImage());

        Assert.Equal("https://127.0.0.1:9/their/hook", WebhookUrl(Assert.Single(harness.RequestsBy(theirs, DryApiOperations.TextToImage))));
        Assert.StartsWith(harness.PublicBaseUrl + "/webhooks/dryapi/", WebhookUrl(Assert.Single(harness.RequestsBy(ours, DryApiOperations.TextToImage))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_https_public_url_gives_jobs_a_webhook()
    {
        foreach (var publicBaseUrl in new[] { null, "http://127.0.0.1:5999" })
        {
            await using var local = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
            {
                Configuration = new Dictionary<string, string?> { ["Auth:PublicBaseUrl"] = publicBaseUrl },
            });
            var key = local.NewKey();

            await CallAsync(local, key, ToolSamples.TextToImage());

            Assert.Null(WebhookUrl(Assert.Single(local.RequestsBy(key, DryApiOperations.TextToImage))));
            Assert.Empty(local.Simulator.Webhooks.Entries);
        }

        await using var harness = await PublicAsync();
        var publicKey = harness.NewKey();
        await CallAsync(harness, publicKey, ToolSamples.TextToImage());
        Assert.NotNull(WebhookUrl(Assert.Single(harness.RequestsBy(publicKey, DryApiOperations.TextToImage))));
    }

    private static Task<McpServerHarness> PublicAsync(TimeSpan? job = null) =>
        McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            PublicHttps = true,
            JobDurations = new Dictionary<JobKind, TimeSpan> { [JobKind.Image] = job ?? Job },
        });

    private static async Task<CallToolResult> CallAsync(McpServerHarness harness, string key, Dictionary<string, object?> arguments)
    {
        await using var client = await harness.ConnectAsync(key);
        return await client.CallToolAsync("text_to_image", arguments, cancellationToken: CancellationToken);
    }

    private static string? WebhookUrl(RecordedRequest submission) =>
        submission.Fields.TryGetValue("webhook_url", out var values) ? JsonNode.Parse(values.Single())!.GetValue<string>() : null;

    private static string Completed(string requestId) =>
        new JsonObject
        {
            ["event"] = "job.completed",
            ["delivery_id"] = Guid.NewGuid().ToString("D"),
            ["data"] = new JsonObject { ["job_request_id"] = requestId, ["status"] = "done" },
        }.ToJsonString();

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string url, string body) =>
        http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"), CancellationToken);

    private static async Task<T> UntilAsync<T>(Func<T?> found)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (true)
        {
            if (found() is { } value)
            {
                return value;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
