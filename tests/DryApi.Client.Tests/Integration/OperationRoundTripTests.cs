using DryApi.Client.Contract;
using DryApi.Client.Requests;
using DryApi.Client.Responses;
using DryApi.Client.Tests.Support;

namespace DryApi.Client.Tests.Integration;

/// <summary>All 47 operations, sent by the typed client over real HTTP and answered by the simulator.</summary>
public sealed class OperationRoundTripTests(SimulatorHarness harness) : IClassFixture<SimulatorHarness>
{
    public static TheoryData<string> EveryOperation() => [.. DryApiOperations.All.Select(operation => operation.Contract.OperationId)];

    [Fact]
    public void The_samples_cover_every_operation_but_request_status_which_needs_a_job_first()
    {
        var covered = SampleRequests.ForEveryOperation().Keys.Append(DryApiOperations.RequestStatus);

        Assert.Equal(47, DryApiOperations.All.Count);
        Assert.Equal(
            DryApiOperations.All.Select(operation => operation.Contract.OperationId).Order(),
            covered.Select(operation => operation.Contract.OperationId).Order());
    }

    [Theory]
    [MemberData(nameof(EveryOperation))]
    public async Task Every_operation_round_trips_through_the_client_and_the_simulator(string operationId)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var operation = DryApiOperations.All.Single(candidate => candidate.Contract.OperationId == operationId);
        var key = harness.NewKey();
        var client = harness.ClientFor(key);
        var request = ReferenceEquals(operation, DryApiOperations.RequestStatus)
            ? new JobStatusRequest { RequestId = (await client.SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), cancellationToken)).RequestId }
            : SampleRequests.ForEveryOperation()[operation];

        var response = await client.SendAsync(operation, request, cancellationToken);

        Assert.IsType(operation.ResponseType, response);
        AssertMeaningful(response);
        var sent = Assert.Single(harness.RequestsBy(key, operation));
        Assert.Equal(200, sent.StatusCode);
        Assert.Equal(operation.Contract.Verb == HttpVerb.Get ? "GET" : "POST", sent.Method);
        Assert.Equal("application/json", sent.Accept);
    }

    private static void AssertMeaningful(object response)
    {
        switch (response)
        {
            case JobSubmission submission:
                Assert.True(Guid.TryParse(submission.RequestId, out _), $"request_id {submission.RequestId} is not a UUID");
                break;
            case PriceQuote quote:
                Assert.True(quote.Price > 0, "a quote must cost something");
                break;
            case EnhancedPrompt prompt:
                Assert.False(string.IsNullOrWhiteSpace(prompt.Prompt));
                break;
            case SamplePrompt sample:
                Assert.Contains(sample.Type, new[] { SamplePromptTypes.TextToImage, SamplePromptTypes.TextToSpeech });
                Assert.False(string.IsNullOrWhiteSpace(sample.Prompt));
                break;
            case AccountBalance balance:
                Assert.Equal(1000m, balance.Balance);
                break;
            case ModelPage page:
                Assert.NotEmpty(page.Models);
                Assert.All(page.Models, model => Assert.Contains(model.InferenceTypes, type => type is "txt2img" or "img2img"));
                break;
            case JobStatus status:
                Assert.Contains(status.Status, new[] { JobStatuses.Pending, JobStatuses.Processing, JobStatuses.Done });
                break;
            default:
                Assert.Fail($"Unexpected response {response.GetType().Name}");
                break;
        }
    }
}
