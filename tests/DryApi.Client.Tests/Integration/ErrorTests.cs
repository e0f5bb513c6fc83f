using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Requests;
using DryApi.Client.Tests.Support;

namespace DryApi.Client.Tests.Integration;

/// <summary>Each class of dryAPI refusal arrives as its own exception, with a message that names the problem.</summary>
public sealed class ErrorTests(SimulatorHarness harness) : IClassFixture<SimulatorHarness>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unknown_key_is_an_authentication_error()
    {
        var error = await Assert.ThrowsAsync<DryApiAuthenticationException>(
            () => harness.ClientFor("999|not-a-real-key").GetBalanceAsync(CancellationToken));

        Assert.Contains("rejected the API key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suspended_account_is_forbidden()
    {
        var key = harness.NewKey();
        harness.Simulator.Accounts.SetSuspended(key, suspended: true);

        await Assert.ThrowsAsync<DryApiForbiddenException>(() => harness.ClientFor(key).GetBalanceAsync(CancellationToken));
    }

    [Fact]
    public async Task Another_keys_job_is_not_found()
    {
        var owner = harness.ClientFor(harness.NewKey());
        var job = await owner.SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken);

        await Assert.ThrowsAsync<DryApiNotFoundException>(() => harness.ClientFor(harness.NewKey()).GetJobStatusAsync(job.RequestId, CancellationToken));
    }

    [Fact]
    public async Task Parameters_outside_the_models_limits_are_a_validation_error_naming_the_field()
    {
        var request = new TextToImageRequest { Prompt = "a fox", Model = "Flux1schnell", Width = 4096, Height = 512, Guidance = 0, Steps = 4, Seed = 1 };

        var error = await Assert.ThrowsAsync<DryApiValidationException>(
            () => harness.ClientFor(harness.NewKey()).SendAsync(DryApiOperations.TextToImage, request, CancellationToken));

        Assert.Contains("width", error.FieldErrors.Keys);
        Assert.Contains("width", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_balance_is_an_insufficient_balance_error_and_nothing_is_queued()
    {
        var key = harness.NewKey(balance: 0m);

        await Assert.ThrowsAsync<DryApiInsufficientBalanceException>(
            () => harness.ClientFor(key).SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken));

        Assert.Equal(0m, harness.Simulator.Accounts.BalanceOf(key));
    }

    [Fact]
    public async Task A_request_of_the_wrong_type_for_the_operation_is_refused_before_sending()
    {
        var key = harness.NewKey();

        await Assert.ThrowsAsync<ArgumentException>(
            () => harness.ClientFor(key).SendAsync(DryApiOperations.TextToVideo, SampleRequests.TextToImageJob(), CancellationToken));

        Assert.Empty(harness.RequestsBy(key));
    }
}
