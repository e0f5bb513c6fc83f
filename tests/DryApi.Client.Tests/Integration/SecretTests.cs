using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Tests.Support;
using DryApi.Simulator;

namespace DryApi.Client.Tests.Integration;

/// <summary>The API key reaches dryAPI as a bearer header and nowhere else: not in logs, not in errors.</summary>
public sealed class SecretTests(SimulatorHarness harness) : IClassFixture<SimulatorHarness>
{
    [Fact]
    public async Task No_log_line_or_error_message_contains_the_key_through_success_refusal_and_failure()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = harness.NewKey();
        var client = harness.ClientFor(key);
        var messages = new List<string>();

        await client.GetBalanceAsync(cancellationToken);
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.DropAfterHandling) { ApiKey = key, PathContains = "txt2img" });
        messages.Add((await Assert.ThrowsAsync<DryApiUncertainSubmissionException>(
            () => client.SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), cancellationToken))).ToString());
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = key, StatusCode = 500, Count = 4 });
        messages.Add((await Assert.ThrowsAsync<DryApiServerException>(() => client.GetBalanceAsync(cancellationToken))).ToString());
        messages.Add((await Assert.ThrowsAsync<DryApiAuthenticationException>(
            () => harness.ClientFor(key + "x").GetBalanceAsync(cancellationToken))).ToString());

        Assert.NotEmpty(harness.Logs.Lines);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("Authorization", StringComparison.Ordinal));
        var secret = key[(key.IndexOf('|', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, message => message.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void A_credential_never_prints_its_key()
    {
        var credential = new DryApiCredential("42|super-secret-value");

        Assert.DoesNotContain("super-secret-value", credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("super-secret-value", $"{credential}", StringComparison.Ordinal);
    }
}
