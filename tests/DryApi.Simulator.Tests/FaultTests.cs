using System.Diagnostics;
using System.Net;
using DryApi.Client.Contract;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>Injected failures: what the client sees, and what really happened on the server.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private const string Key = "1|k";
    private const decimal Balance = 10m;

    private RunningSimulator? _simulator;
    private ApiClient? _client;
    private ValidRequests? _requests;

    private RunningSimulator Simulator => _simulator!;

    private ApiClient Client => _client!;

    public async ValueTask InitializeAsync()
    {
        _simulator = await Simulators.StartAsync(null, Simulators.Key(Key, balance: Balance), Simulators.Key("2|other"));
        _client = new ApiClient(_simulator.BaseAddress, Key);
        _requests = await ValidRequests.LoadAsync(_client);
        _simulator.Journal.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task DropAfterHandlingQueuesAndChargesTheJobButAnswersNothing()
    {
        var contract = DryApiOperations.TextToImage.Contract;
        Simulator.Faults.Add(new FaultRule(FaultKind.DropAfterHandling) { PathContains = "txt2img" });

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.CallAsync(contract, _requests!.For(contract)));

        var entry = Assert.Single(Simulator.Journal.Entries);
        Assert.Equal(("requestTxt2Image", 200), (entry.OperationId, entry.StatusCode));
        Assert.True(Simulator.Accounts.BalanceOf(Key) < Balance);
        Assert.Equal(HttpStatusCode.OK, (await Client.StatusAsync(entry.CreatedRequestId!)).Status);
    }

    [Fact]
    public async Task ResultDownloadIsFaultedOnlyByAKeylessRuleAimedAtItsPath()
    {
        await using var simulator = await FastImageSimulatorAsync();
        using var client = new ApiClient(simulator.BaseAddress, Key);
        var contract = DryApiOperations.TextToImage.Contract;
        var id = await client.SubmitAsync(contract, _requests!.For(contract));
        var url = await ResultUrlAsync(client, id);
        simulator.Faults.Add(new FaultRule(FaultKind.Status) { StatusCode = 503, ApiKey = Key, PathContains = "/_sim/results/" });
        simulator.Faults.Add(new FaultRule(FaultKind.Status) { StatusCode = 503, PathContains = "/_sim/results/" });
        simulator.Faults.Add(new FaultRule(FaultKind.DropBeforeHandling) { PathContains = id });

        var refused = await client.DownloadAsync(url);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.DownloadAsync(url));
        var served = await client.DownloadAsync(url);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (refused.Status, served.Status));
    }

    [Fact]
    public async Task SlowResultDownloadIsServedAfterTheDelay()
    {
        await using var simulator = await FastImageSimulatorAsync();
        using var client = new ApiClient(simulator.BaseAddress, Key);
        var contract = DryApiOperations.TextToImage.Contract;
        var url = await ResultUrlAsync(client, await client.SubmitAsync(contract, _requests!.For(contract)));
        simulator.Faults.Add(new FaultRule(FaultKind.Slow) { PathContains = "/_sim/results/", Delay = TimeSpan.FromMilliseconds(700) });

        var clock = Stopwatch.StartNew();
        var slow = await client.DownloadAsync(url);

        Assert.Equal(HttpStatusCode.OK, slow.Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(700), $"served after {clock.Elapsed}");
    }

    [Fact]
    public async Task DropBeforeHandlingChangesNothing()
    {
        var contract = DryApiOperations.TextToImage.Contract;
        Simulator.Faults.Add(new FaultRule(FaultKind.DropBeforeHandling));

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.CallAsync(contract, _requests!.For(contract)));
        var retried = await Client.CallAsync(contract, _requests!.For(contract));

        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal([0, 200], Simulator.Journal.Entries.Select(e => e.StatusCode));
    }

    [Theory]
    [InlineData(500, """{"data":null,"message":"Internal server error","errors":[],"statusCode":500}""")]
    [InlineData(404, """{"data":null,"message":"Request not found.","errors":[],"statusCode":404}""")]
    public async Task StatusFaultAnswersDryApisBodyForThatStatus(int status, string body)
    {
        Simulator.Faults.Add(new FaultRule(FaultKind.Status) { StatusCode = status });

        var response = await Client.GetAsync("balance");

        Assert.Equal(((HttpStatusCode)status, body), (response.Status, response.Text));
    }

    [Fact]
    public async Task GatewayErrorIsAnHtmlPage()
    {
        Simulator.Faults.Add(new FaultRule(FaultKind.Status) { StatusCode = 503 });

        var response = await Client.GetAsync("balance");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "text/html"), (response.Status, response.ContentType));
    }

    [Fact]
    public async Task RateLimitFaultCarriesTheRulesHeaders()
    {
        Simulator.Faults.Add(new FaultRule(FaultKind.Status) { StatusCode = 429, RateLimitType = "daily", RetryAfterSeconds = 3600 });

        var response = await Client.GetAsync("balance");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        Assert.Equal(("daily", "3600", "0"), (response.Header("X-RateLimit-Type"), response.Header("Retry-After"), response.Header("X-RateLimit-Daily-Remaining")));
        Assert.Equal("""{"message":"Too Many Attempts."}""", response.Text);
    }

    [Fact]
    public async Task FaultAppliesToItsCountOfMatchingRequestsOnly()
    {
        Simulator.Faults.Add(new FaultRule(FaultKind.Status) { Count = 2, ApiKey = Key, PathContains = "/balance" });
        using var other = new ApiClient(Simulator.BaseAddress, "2|other");

        var otherKey = await other.GetAsync("balance");
        var otherPath = await Client.GetAsync("models");
        var first = await Client.GetAsync("balance");
        var second = await Client.GetAsync("balance");
        var third = await Client.GetAsync("balance");

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK],
            [otherKey.Status, otherPath.Status, first.Status, second.Status, third.Status]);
    }

    [Fact]
    public async Task FaultWithoutCountLastsUntilCleared()
    {
        Simulator.Faults.Add(new FaultRule(FaultKind.Status) { Count = null, StatusCode = 502 });

        var before = new[] { await Client.GetAsync("balance"), await Client.GetAsync("balance"), await Client.GetAsync("balance") };
        Simulator.Faults.Clear();
        var after = await Client.GetAsync("balance");

        Assert.All(before, r => Assert.Equal(HttpStatusCode.BadGateway, r.Status));
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task SlowFaultDelaysTheAnswer()
    {
        Simulator.Faults.Add(new FaultRule(FaultKind.Slow) { Delay = TimeSpan.FromMilliseconds(400) });
        var watch = Stopwatch.StartNew();

        var response = await Client.GetAsync("balance");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(380), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task SlowRequestIsJournaledOnArrivalAndHandledEvenAfterTheClientGaveUp()
    {
        var contract = DryApiOperations.TextToImage.Contract;
        Simulator.Faults.Add(new FaultRule(FaultKind.Slow) { Delay = TimeSpan.FromMilliseconds(600) });
        using var impatient = new ApiClient(Simulator.BaseAddress, Key, timeout: TimeSpan.FromMilliseconds(150));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.CallAsync(contract, _requests!.For(contract)));
        var whileWaiting = Assert.Single(Simulator.Journal.Entries);
        await Task.Delay(TimeSpan.FromMilliseconds(900), TestContext.Current.CancellationToken);

        Assert.Equal(0, whileWaiting.StatusCode);
        Assert.Equal(200, Assert.Single(Simulator.Journal.Entries).StatusCode);
        Assert.True(Simulator.Accounts.BalanceOf(Key) < Balance);
    }

    [Fact]
    public async Task MalformedJsonFaultAnswersATruncatedBody()
    {
        Simulator.Faults.Add(new FaultRule(FaultKind.MalformedJson));

        var response = await Client.GetAsync("models");

        Assert.Equal((HttpStatusCode.OK, "application/json"), (response.Status, response.ContentType));
        Assert.StartsWith("{\"data\":", response.Text, StringComparison.Ordinal);
        Assert.Null(response.Json);
    }

    /// <summary>A simulator of its own whose image jobs take 100 ms, for faults aimed at result downloads (which carry no key).</summary>
    private static Task<RunningSimulator> FastImageSimulatorAsync() => RunningSimulator.StartAsync(
        options =>
        {
            options.Keys.Add(Simulators.Key(Key));
            options.JobDurations[JobKind.Image] = TimeSpan.FromMilliseconds(100);
        },
        cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<string> ResultUrlAsync(ApiClient client, string requestId)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if ((await client.StatusAsync(requestId)).Data["result_url"]?.GetValue<string>() is { } url)
            {
                return url;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Job {requestId} did not finish.");
    }
}
