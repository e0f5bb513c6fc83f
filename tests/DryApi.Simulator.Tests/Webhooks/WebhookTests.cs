using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests.Webhooks;

/// <summary>
/// A submission with <c>webhook_url</c> gets dryAPI's webhooks (execution-modes-and-integrations/webhooks.md): events,
/// headers, signature, payloads and retries; the simulator's webhook journal records every attempt.
/// </summary>
public sealed class WebhookTests
{
    private const string Key = "7|webhook-owner";
    private const string Secret = "whsec-test";

    [Fact]
    public async Task JobSendsProcessingThenCompletedSignedAsDocumented()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await StartAsync(receiver, retryScale: 1);
        using var client = new ApiClient(simulator.BaseAddress, Key);
        var contract = DryApiOperations.TextToImage.Contract;
        var body = (await ValidRequests.LoadAsync(client)).For(contract).With("webhook_url", WireParameter.Of(receiver.Url + "job-1"));

        var id = await client.SubmitAsync(contract, body);
        var received = await UntilAsync(() => receiver.Received.Count >= 2 ? receiver.Received.ToArray() : null);

        Assert.Equal(["job.processing", "job.completed"], received.Select(hook => hook.Headers["X-dryAPI-Event"]));
        foreach (var hook in received)
        {
            var payload = JsonNode.Parse(hook.Body)!;
            Assert.Equal("/hooks/job-1", hook.Path);
            Assert.Equal(hook.Headers["X-dryAPI-Event"], payload["event"]!.GetValue<string>());
            Assert.Equal(hook.Headers["X-dryAPI-Delivery-Id"], payload["delivery_id"]!.GetValue<string>());
            Assert.Equal(id, payload["data"]!["job_request_id"]!.GetValue<string>());
            Assert.Equal("txt2img", payload["data"]!["job_type"]!.GetValue<string>());
            Assert.Equal("application/json", hook.Headers["Content-Type"]);
            Assert.Equal("dryAPI-Webhook/1.0", hook.Headers["User-Agent"]);
            Assert.InRange(long.Parse(hook.Headers["X-dryAPI-Timestamp"], CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), -300, 1);
            Assert.Equal(Signature(hook.Headers["X-dryAPI-Timestamp"], hook.Body), hook.Headers["X-dryAPI-Signature"]);
        }

        var completed = JsonNode.Parse(received[1].Body)!["data"]!;
        Assert.Equal(("done", "processing"), (completed["status"]!.GetValue<string>(), completed["previous_status"]!.GetValue<string>()));
        Assert.StartsWith(simulator.BaseAddress.ToString(), completed["result_url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(completed["processing_time_ms"]!.GetValue<long>() > 0);
        Assert.All(simulator.Webhooks.Entries, delivery => Assert.Equal((id, Key, 1, 200), (delivery.RequestId, delivery.ApiKey, delivery.Attempt, delivery.StatusCode)));
    }

    [Fact]
    public async Task FailedJobSendsJobFailedWithItsErrorCode()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await StartAsync(receiver, retryScale: 1);
        simulator.Faults.Add(new FaultRule(FaultKind.JobError) { ErrorCode = "WORKER_TIMEOUT", ErrorMessage = "The worker timed out." });
        using var client = new ApiClient(simulator.BaseAddress, Key);
        var contract = DryApiOperations.TextToImage.Contract;
        await client.SubmitAsync(contract, (await ValidRequests.LoadAsync(client)).For(contract).With("webhook_url", WireParameter.Of(receiver.Url + "job-2")));

        var received = await UntilAsync(() => receiver.Received.Count >= 2 ? receiver.Received.ToArray() : null);

        var failed = JsonNode.Parse(received[1].Body)!;
        Assert.Equal("job.failed", failed["event"]!.GetValue<string>());
        Assert.Equal(("error", "WORKER_TIMEOUT", "The worker timed out."),
            (failed["data"]!["status"]!.GetValue<string>(), failed["data"]!["error_code"]!.GetValue<string>(), failed["data"]!["error_message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task JobCompletedIsSentOnlyOnceTheJobsStatusShowsDoneEvenWhenTimersEndEarly()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await StartAsync(receiver, retryScale: 1, new EarlyTimers());
        using var client = new ApiClient(simulator.BaseAddress, Key);
        var contract = DryApiOperations.TextToImage.Contract;
        var id = await client.SubmitAsync(contract, (await ValidRequests.LoadAsync(client)).For(contract).With("webhook_url", WireParameter.Of(receiver.Url + "job-5")));

        await UntilAsync(() => receiver.Received.Any(hook => hook.Headers["X-dryAPI-Event"] == "job.completed") ? "completed" : null);
        var status = (await client.StatusAsync(id)).Data["status"]!.GetValue<string>();

        Assert.Equal("done", status);
    }

    [Fact]
    public async Task UnansweredDeliveryIsRetriedOnTheScaledScheduleWithTheSameDeliveryId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await StartAsync(receiver, retryScale: 0.002);
        receiver.Answer = before => before is 1 or 2 ? 503 : 200;
        using var client = new ApiClient(simulator.BaseAddress, Key);
        var contract = DryApiOperations.TextToImage.Contract;
        await client.SubmitAsync(contract, (await ValidRequests.LoadAsync(client)).For(contract).With("webhook_url", WireParameter.Of(receiver.Url + "job-3")));

        var attempts = await UntilAsync(() =>
            simulator.Webhooks.Entries.Where(delivery => delivery.Event == "job.completed").ToArray() is { Length: >= 3 } all ? all : null);

        Assert.Equal([(1, 503), (2, 503), (3, 200)], attempts.Select(attempt => (attempt.Attempt, attempt.StatusCode)));
        Assert.Single(attempts.Select(attempt => attempt.DeliveryId).Distinct());

        // dryAPI waits 1 and then 2 minutes; scaled by 0.002, 120 ms and 240 ms. Timers count whole milliseconds of
        // a monotonic clock while At is wall-clock time, so a wait can read a few milliseconds short.
        var timerSlack = TimeSpan.FromMilliseconds(10);
        Assert.InRange(attempts[1].At - attempts[0].At, TimeSpan.FromMilliseconds(120) - timerSlack, TimeSpan.MaxValue);
        Assert.InRange(attempts[2].At - attempts[1].At, TimeSpan.FromMilliseconds(240) - timerSlack, TimeSpan.MaxValue);
    }

    [Fact]
    public async Task OnlySubmissionsWithWebhookUrlGetWebhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await StartAsync(receiver, retryScale: 1);
        using var client = new ApiClient(simulator.BaseAddress, Key);
        var contract = DryApiOperations.TextToImage.Contract;
        var requests = await ValidRequests.LoadAsync(client);
        var without = await client.SubmitAsync(contract, requests.For(contract));
        var with = await client.SubmitAsync(contract, requests.For(contract).With("webhook_url", WireParameter.Of(receiver.Url + "job-4")));

        await UntilAsync(async () => (await client.StatusAsync(without)).Data["status"]!.GetValue<string>() == "done" ? "done" : null);
        await UntilAsync(() => receiver.Received.Count >= 2 ? "both" : null);

        Assert.All(simulator.Webhooks.Entries, delivery => Assert.Equal(with, delivery.RequestId));
        Assert.All(receiver.Received, hook => Assert.Equal(with, JsonNode.Parse(hook.Body)!["data"]!["job_request_id"]!.GetValue<string>()));
    }

    private static Task<RunningSimulator> StartAsync(WebhookReceiver receiver, double retryScale, TimeProvider? timeProvider = null) =>
        RunningSimulator.StartAsync(
            options =>
            {
                options.Keys.Add(new SimulatorKey { Key = Key, Balance = 100m, Tier = RateTier.Unlimited, WebhookSecret = Secret });
                options.JobDurations[JobKind.Image] = TimeSpan.FromMilliseconds(300);
                options.WebhookRetryScale = retryScale;
                options.WebhookTrustedCertificate = receiver.Thumbprint;
            },
            timeProvider,
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The wall clock, with timers that end after a quarter of their time: what a timer ending short looks like, exaggerated.</summary>
    private sealed class EarlyTimers : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            base.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : dueTime / 4, period);
    }

    private static string Signature(string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    private static Task<T> UntilAsync<T>(Func<T?> found)
        where T : class => UntilAsync(() => Task.FromResult(found()));

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> found)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await found() is { } value)
            {
                return value;
            }

            await Task.Delay(25, timeout.Token);
        }
    }
}
