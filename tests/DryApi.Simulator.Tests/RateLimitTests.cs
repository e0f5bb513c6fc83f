using System.Net;
using DryApi.Client.Contract;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>dryAPI's per-key rate limits, on the simulator's clock.</summary>
public sealed class RateLimitTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task BasicKeyIsRefusedPastItsPerMinuteLimitUntilTheWindowEnds()
    {
        await using var simulator = await Simulators.StartAsync(_clock, Simulators.Key("1|basic", tier: RateTier.Basic));
        using var client = new ApiClient(simulator.BaseAddress, "1|basic");
        var contract = DryApiOperations.TextToImage.Contract;
        var body = (await ValidRequests.LoadAsync(client)).For(contract);

        var allowed = new List<ApiResponse>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add(await client.CallAsync(contract, body));
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        var refused = await client.CallAsync(contract, body);
        _clock.Advance(TimeSpan.FromSeconds(31));
        var afterWindow = await client.CallAsync(contract, body);

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal(["2", "1", "0"], allowed.Select(r => r.Header("X-RateLimit-Remaining")));
        Assert.Equal(("3", "100", "97"), (allowed[2].Header("X-RateLimit-Limit"), allowed[2].Header("X-RateLimit-Daily-Limit"), allowed[2].Header("X-RateLimit-Daily-Remaining")));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("""{"message":"Too Many Attempts."}""", refused.Text);
        Assert.Equal(("minute", "30"), (refused.Header("X-RateLimit-Type"), refused.Header("Retry-After")));
        Assert.Equal(HttpStatusCode.OK, afterWindow.Status);
    }

    [Fact]
    public async Task BasicKeyIsRefusedPastItsDailyLimitUntilMidnightUtc()
    {
        await using var simulator = await Simulators.StartAsync(_clock, Simulators.Key("1|basic", tier: RateTier.Basic));
        using var client = new ApiClient(simulator.BaseAddress, "1|basic");
        var contract = DryApiOperations.VideoUrlTranscription.Contract;
        var body = (await ValidRequests.LoadAsync(client)).For(contract);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.CallAsync(contract, body)).Status);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = await client.CallAsync(contract, body);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("daily", refused.Header("X-RateLimit-Type"));
        Assert.Equal(((int)TimeSpan.FromMinutes(50).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Header("Retry-After"));
    }

    [Fact]
    public async Task WhisperEndpointsShareOneBasicLimit()
    {
        await using var simulator = await Simulators.StartAsync(_clock, Simulators.Key("1|basic", tier: RateTier.Basic));
        using var client = new ApiClient(simulator.BaseAddress, "1|basic");
        var requests = await ValidRequests.LoadAsync(client);

        var video = await client.CallAsync(DryApiOperations.VideoUrlTranscription.Contract, requests.For(DryApiOperations.VideoUrlTranscription.Contract));
        var audio = await client.CallAsync(DryApiOperations.AudioUrlTranscription.Contract, requests.For(DryApiOperations.AudioUrlTranscription.Contract));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (video.Status, audio.Status));
    }

    [Fact]
    public async Task PremiumKeyHas300PerMinuteAndNoDailyLimit()
    {
        await using var simulator = await Simulators.StartAsync(_clock, Simulators.Key("1|premium", tier: RateTier.Premium));
        using var client = new ApiClient(simulator.BaseAddress, "1|premium");

        var response = await client.GetAsync("request-status/" + Guid.NewGuid());

        Assert.Equal(("300", "299", null), (response.Header("X-RateLimit-Limit"), response.Header("X-RateLimit-Remaining"), response.Header("X-RateLimit-Daily-Limit")));
    }

    [Theory]
    [InlineData(RateTier.Basic, "balance")]
    [InlineData(RateTier.Basic, "models")]
    [InlineData(RateTier.Unlimited, "request-status/00000000-0000-0000-0000-000000000000")]
    public async Task UnlimitedEndpointsAndTiersSendNoRateLimitHeaders(RateTier tier, string path)
    {
        await using var simulator = await Simulators.StartAsync(_clock, Simulators.Key("1|k", tier: tier));
        using var client = new ApiClient(simulator.BaseAddress, "1|k");

        var response = await client.GetAsync(path);

        Assert.Null(response.Header("X-RateLimit-Limit"));
    }
}
