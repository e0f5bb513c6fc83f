using DryApi.Client.Contract;
using DryApi.Client.Requests;
using DryApi.Client.Responses;
using DryApi.Client.Tests.Support;

namespace DryApi.Client.Tests.Integration;

public sealed class JobLifecycleTests(SimulatorHarness harness) : IClassFixture<SimulatorHarness>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_image_job_progresses_to_done_and_its_result_url_serves_a_png()
    {
        var client = harness.ClientFor(harness.NewKey());
        var job = await client.SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob(), CancellationToken);

        var seen = await PollUntilFinished(client, job.RequestId);

        Assert.True(seen[^1].IsDone);
        Assert.Equal(100, seen[^1].Progress);
        Assert.Equal(seen.Select(status => status.Progress).Order(), seen.Select(status => status.Progress));
        using var http = new HttpClient();
        var png = await http.GetByteArrayAsync(new Uri(seen[^1].ResultUrl!), CancellationToken);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }

    [Fact]
    public async Task An_embedding_asked_inline_arrives_in_the_status_result()
    {
        var client = harness.ClientFor(harness.NewKey());
        var job = await client.SendAsync(
            DryApiOperations.TextToEmbedding,
            new TextToEmbeddingRequest { Input = "hello", Model = "Bge_M3_FP16", ReturnResultInResponse = true },
            CancellationToken);

        var done = (await PollUntilFinished(client, job.RequestId))[^1];

        using var vector = System.Text.Json.JsonDocument.Parse(done.Result!);
        Assert.Equal(1024, vector.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task The_whole_model_catalogue_is_read_across_pages()
    {
        var client = harness.ClientFor(harness.NewKey());

        var all = await client.GetModelsAsync(cancellationToken: CancellationToken);
        var speech = await client.GetModelsAsync(["txt2audio"], CancellationToken);

        Assert.True(all.Models.Count > 15, "the catalogue spans several pages of 5");
        Assert.Equal(all.Models.Count, all.Models.Select(model => model.Slug).Distinct().Count());
        Assert.Contains(all.Models, model => model.Slug == "WhisperLargeV3");
        Assert.NotEmpty(speech.Models);
        Assert.All(speech.Models, model => Assert.Contains("txt2audio", model.InferenceTypes));
    }

    private static async Task<List<JobStatus>> PollUntilFinished(DryApiClient client, string requestId)
    {
        var seen = new List<JobStatus>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var status = await client.GetJobStatusAsync(requestId, deadline.Token);
            seen.Add(status);
            if (status.IsFinished)
            {
                return seen;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
