using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Requests;
using DryApi.Client.Tests.Support;
using DryApi.Simulator;

namespace DryApi.Client.Tests.Integration;

/// <summary>Retries where repeating is safe, and never a second paid submission where the first may have landed.</summary>
public sealed class ResilienceTests(SimulatorHarness harness) : IClassFixture<SimulatorHarness>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_submission_whose_response_is_lost_is_sent_once_and_reported_as_possibly_queued()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.DropAfterHandling) { ApiKey = key, PathContains = "txt2img" });

        var error = await Assert.ThrowsAsync<DryApiUncertainSubmissionException>(
            () => harness.ClientFor(key).SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken));

        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.True(harness.Simulator.Accounts.BalanceOf(key) < 1000m, "the lost submission was charged by the simulator");
        Assert.Contains("not sent again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submission_that_times_out_is_not_resent()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Slow) { ApiKey = key, Delay = TimeSpan.FromSeconds(2) });
        var (client, services) = harness.ClientFor(key, options => options.RequestTimeout = TimeSpan.FromMilliseconds(300));
        await using var _ = services;

        await Assert.ThrowsAsync<DryApiUncertainSubmissionException>(
            () => client.SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken));

        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Fact]
    public async Task A_submission_answered_with_a_server_error_is_not_resent()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = 503 });

        var error = await Assert.ThrowsAsync<DryApiServerException>(
            () => harness.ClientFor(key).SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Fact]
    public async Task A_submission_with_an_unreadable_answer_is_reported_as_possibly_queued()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.MalformedJson) { ApiKey = key, PathContains = "txt2img" });

        await Assert.ThrowsAsync<DryApiUncertainSubmissionException>(
            () => harness.ClientFor(key).SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken));

        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Fact]
    public async Task A_submission_refused_with_a_short_429_is_retried_and_queued_once()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = 429, RetryAfterSeconds = 1 });

        var job = await harness.ClientFor(key).SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken);

        Assert.Equal([429, 200], harness.RequestsBy(key, DryApiOperations.TextToImage).Select(request => request.StatusCode));
        Assert.NotEmpty(job.RequestId);
    }

    [Fact]
    public async Task A_daily_429_is_returned_at_once_with_its_window()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = 429, RetryAfterSeconds = 1, RateLimitType = "daily" });

        var error = await Assert.ThrowsAsync<DryApiRateLimitException>(
            () => harness.ClientFor(key).SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken));

        Assert.Equal(RateLimitWindow.Daily, error.Window);
        Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
    }

    [Fact]
    public async Task A_429_longer_than_worth_waiting_is_returned_with_the_time_to_wait()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = 429, RetryAfterSeconds = 60 });

        var error = await Assert.ThrowsAsync<DryApiRateLimitException>(() => harness.ClientFor(key).GetBalanceAsync(CancellationToken));

        Assert.Equal((RateLimitWindow.Minute, TimeSpan.FromSeconds(60)), (error.Window, error.RetryAfter));
        Assert.Single(harness.RequestsBy(key, DryApiOperations.Balance));
    }

    [Fact]
    public async Task A_read_is_retried_through_server_errors_and_dropped_connections()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = 500, Count = 2 });
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.DropBeforeHandling) { ApiKey = key, PathContains = "request-status" });
        var client = harness.ClientFor(key);

        var balance = await client.GetBalanceAsync(CancellationToken);
        var job = await client.SendAsync(DryApiOperations.TextToImagePrice, SampleRequests.TextToImageJob(), CancellationToken);
        var status = await client.GetJobStatusAsync(
            (await client.SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken)).RequestId, CancellationToken);

        Assert.Equal(1000m, balance.Balance);
        Assert.True(job.Price > 0);
        Assert.NotNull(status.Status);
        Assert.Equal([500, 500, 200], harness.RequestsBy(key, DryApiOperations.Balance).Select(request => request.StatusCode));
        Assert.Equal([0, 200], harness.RequestsBy(key, DryApiOperations.RequestStatus).Select(request => request.StatusCode));
    }

    [Fact]
    public async Task A_read_gives_up_after_the_configured_retries()
    {
        var key = harness.NewKey();
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = 502, Count = null });

        await Assert.ThrowsAsync<DryApiServerException>(() => harness.ClientFor(key).GetBalanceAsync(CancellationToken));

        Assert.Equal(4, harness.RequestsBy(key, DryApiOperations.Balance).Count);
    }

    [Fact]
    public async Task A_submission_to_an_unreachable_dryapi_says_nothing_was_submitted()
    {
        var closedPort = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        var (client, services) = harness.ClientFor("1|unreachable", _ => { }, closedPort);
        await using var _ = services;

        var error = await Assert.ThrowsAsync<DryApiUnavailableException>(
            () => client.SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken));

        Assert.Contains("Nothing was submitted", error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
