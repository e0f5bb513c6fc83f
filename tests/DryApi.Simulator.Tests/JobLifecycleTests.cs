using DryApi.Client.Media;
using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Simulator.Media;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>A job's life on the simulator's clock, and the real files it produces.</summary>
public sealed class JobLifecycleTests : IAsyncLifetime
{
    private const string Key = "1|owner";
    private const string OtherKey = "2|someone-else";

    private readonly ManualClock _clock = new();
    private RunningSimulator? _simulator;
    private ApiClient? _client;
    private ValidRequests? _requests;

    private ApiClient Client => _client!;

    private ValidRequests Requests => _requests!;

    public async ValueTask InitializeAsync()
    {
        _simulator = await Simulators.StartAsync(_clock, Simulators.Key(Key), Simulators.Key(OtherKey));
        _client = new ApiClient(_simulator.BaseAddress, Key);
        _requests = await ValidRequests.LoadAsync(_client);
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
    public async Task ImageJobGoesFromPendingThroughProcessingToDoneWithARealPng()
    {
        var contract = DryApiOperations.TextToImage.Contract;
        var body = Requests.For(contract).With("width", WireParameter.Of(512L)).With("height", WireParameter.Of(768L));
        var id = await Client.SubmitAsync(contract, body);

        var pending = (await Client.StatusAsync(id)).Data;
        _clock.Advance(TimeSpan.FromSeconds(3));
        var early = (await Client.StatusAsync(id)).Data;
        _clock.Advance(TimeSpan.FromSeconds(4));
        var later = (await Client.StatusAsync(id)).Data;
        _clock.Advance(TimeSpan.FromSeconds(3));
        var done = (await Client.StatusAsync(id)).Data;

        Assert.Equal(("pending", 0.0), (Status(pending), Progress(pending)));
        Assert.Equal("processing", Status(early));
        Assert.Equal("processing", Status(later));
        Assert.InRange(Progress(early), 0.01, 99.99);
        Assert.True(Progress(later) > Progress(early), $"{Progress(early)} then {Progress(later)}");
        Assert.Null(early["result_url"]);
        Assert.Equal(("done", 100.0), (Status(done), Progress(done)));

        var (status, contentType, png) = await Client.DownloadAsync(done["result_url"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, "image/png"), (status, contentType));
        Assert.Equal("png", MediaSniffer.Detect(png));
        Assert.Equal((512, 768), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
    }

    [Fact]
    public async Task ImageJobOffersJpegAndWebpAlternatives()
    {
        var id = await Client.SubmitAsync(DryApiOperations.TextToImage.Contract, Requests.For(DryApiOperations.TextToImage.Contract));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var alternatives = (await Client.StatusAsync(id)).Data["results_alt_formats"]!;
        var jpeg = await Client.DownloadAsync(alternatives["jpg"]!.GetValue<string>());
        var webp = await Client.DownloadAsync(alternatives["webp"]!.GetValue<string>());

        Assert.Equal(("image/jpeg", "jpeg"), (jpeg.ContentType, MediaSniffer.Detect(jpeg.Content)));
        Assert.Equal(("image/webp", "webp"), (webp.ContentType, MediaSniffer.Detect(webp.Content)));
    }

    [Fact]
    public async Task ResultUrlOnlyWorksAsSigned()
    {
        var id = await Client.SubmitAsync(DryApiOperations.TextToImage.Contract, Requests.For(DryApiOperations.TextToImage.Contract));
        _clock.Advance(TimeSpan.FromSeconds(11));
        var url = (await Client.StatusAsync(id)).Data["result_url"]!.GetValue<string>();

        var tampered = await Client.DownloadAsync(url.Replace("signature=", "signature=0", StringComparison.Ordinal));
        _clock.Advance(TimeSpan.FromHours(2));
        var expired = await Client.DownloadAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, tampered.Status);
        Assert.Equal(HttpStatusCode.Forbidden, expired.Status);
    }

    [Fact]
    public async Task AnotherKeysJobAndAnUnknownIdAreNotFound()
    {
        var id = await Client.SubmitAsync(DryApiOperations.TextToImage.Contract, Requests.For(DryApiOperations.TextToImage.Contract));
        using var other = new ApiClient(_simulator!.BaseAddress, OtherKey);

        var foreign = await other.StatusAsync(id);
        var unknown = await Client.StatusAsync(Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.Equal("""{"data":null,"message":"Request not found.","errors":[],"statusCode":404}""", foreign.Text);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task JobErrorFaultEndsTheJobInError()
    {
        _simulator!.Faults.Add(new FaultRule(FaultKind.JobError) { ErrorCode = "WORKER_TIMEOUT", ErrorMessage = "The worker timed out." });
        var id = await Client.SubmitAsync(DryApiOperations.TextToImage.Contract, Requests.For(DryApiOperations.TextToImage.Contract));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var failed = (await Client.StatusAsync(id)).Data;
        var next = await Client.SubmitAsync(DryApiOperations.TextToImage.Contract, Requests.For(DryApiOperations.TextToImage.Contract));
        _clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal("error", Status(failed));
        Assert.Equal("WORKER_TIMEOUT", failed["error_code"]!.GetValue<string>());
        Assert.Equal("The worker timed out.", failed["error"]!.GetValue<string>());
        Assert.Null(failed["result_url"]);
        Assert.Equal("done", Status((await Client.StatusAsync(next)).Data));
    }

    [Fact]
    public async Task JobStuckFaultKeepsTheJobProcessing()
    {
        _simulator!.Faults.Add(new FaultRule(FaultKind.JobStuck));
        var id = await Client.SubmitAsync(DryApiOperations.TextToImage.Contract, Requests.For(DryApiOperations.TextToImage.Contract));
        _clock.Advance(TimeSpan.FromHours(1));

        var stuck = (await Client.StatusAsync(id)).Data;

        Assert.Equal("processing", Status(stuck));
        Assert.True(Progress(stuck) < 100);
    }

    [Fact]
    public async Task TranscriptIsInlineWithTimestampsWhenAskedFor()
    {
        var contract = DryApiOperations.VideoUrlTranscription.Contract;
        var body = Requests.For(contract).With("return_result_in_response", WireParameter.Of(true));
        var id = await Client.SubmitAsync(contract, body);
        _clock.Advance(TimeSpan.FromSeconds(11));

        var done = (await Client.StatusAsync(id)).Data;
        var file = await Client.DownloadAsync(done["result_url"]!.GetValue<string>());

        var transcript = done["result"]!.GetValue<string>();
        Assert.StartsWith("[00:00.000 --> 00:04.000] ", transcript, StringComparison.Ordinal);
        Assert.Equal(transcript, System.Text.Encoding.UTF8.GetString(file.Content));
        Assert.Equal("text/plain", file.ContentType);
    }

    [Fact]
    public async Task ResultIsNotInlineUnlessAskedFor()
    {
        var contract = DryApiOperations.VideoUrlTranscription.Contract;
        var id = await Client.SubmitAsync(contract, Requests.For(contract).With("include_ts", WireParameter.Of(false)));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var done = (await Client.StatusAsync(id)).Data;
        var file = await Client.DownloadAsync(done["result_url"]!.GetValue<string>());

        Assert.Null(done["result"]);
        Assert.DoesNotContain("-->", System.Text.Encoding.UTF8.GetString(file.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddingIsOneVectorPerInputAndDeterministic()
    {
        var contract = DryApiOperations.TextToEmbedding.Contract;
        var inline = WireParameter.Of(true);
        var single = await Client.SubmitAsync(contract, Requests.For(contract).With("return_result_in_response", inline));
        var batch = await Client.SubmitAsync(contract, Requests.For(contract).With("return_result_in_response", inline)
            .With("input", new WireParameter.Scalar(new JsonArray("The quick brown fox.", "Another text"), "")));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var vector = JsonNode.Parse((await Client.StatusAsync(single)).Data["result"]!.GetValue<string>())!.AsArray();
        var vectors = JsonNode.Parse((await Client.StatusAsync(batch)).Data["result"]!.GetValue<string>())!.AsArray();

        Assert.Equal(1024, vector.Count);
        Assert.Equal(2, vectors.Count);
        Assert.Equal(vector.ToJsonString(), vectors[0]!.ToJsonString());
        Assert.NotEqual(vectors[0]!.ToJsonString(), vectors[1]!.ToJsonString());
    }

    [Theory]
    [InlineData("wav", "audio/wav")]
    [InlineData("flac", "audio/flac")]
    [InlineData("mp3", "audio/mpeg")]
    public async Task SpeechComesInTheRequestedFormat(string format, string contentType)
    {
        var contract = DryApiOperations.TextToSpeech.Contract;
        var id = await Client.SubmitAsync(contract, Requests.For(contract).With("format", WireParameter.Of(format)));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var audio = await Client.DownloadAsync((await Client.StatusAsync(id)).Data["result_url"]!.GetValue<string>());

        Assert.Equal((contentType, format), (audio.ContentType, MediaSniffer.Detect(audio.Content)));
    }

    [Fact]
    public async Task BackgroundRemovalGivesATransparentPngAndUpscaleFourTimesTheInput()
    {
        var input = WireParameter.File("in.png", "image/png", SampleMedia.Png(64, 48));
        var removed = await Client.SubmitAsync(DryApiOperations.ImageRemoveBackground.Contract,
            Requests.For(DryApiOperations.ImageRemoveBackground.Contract).With("image", input));
        var upscaled = await Client.SubmitAsync(DryApiOperations.ImageUpscale.Contract,
            Requests.For(DryApiOperations.ImageUpscale.Contract).With("image", input));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var transparent = (await Client.DownloadAsync((await Client.StatusAsync(removed)).Data["result_url"]!.GetValue<string>())).Content;
        var larger = (await Client.DownloadAsync((await Client.StatusAsync(upscaled)).Data["result_url"]!.GetValue<string>())).Content;

        const int ColourTypeOffset = 25;
        const byte Rgba = 6;
        Assert.Equal(Rgba, transparent[ColourTypeOffset]);
        Assert.Equal((256, 192), (BinaryPrimitives.ReadInt32BigEndian(larger.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(larger.AsSpan(20))));
    }

    [Fact]
    public async Task ImageEditKeepsTheInputsSizeUnlessOneIsGiven()
    {
        var contract = DryApiOperations.ImageToImage.Contract;
        var body = Requests.For(contract).With("image", WireParameter.File("in.png", "image/png", SampleMedia.Png(320, 240)));
        var kept = await Client.SubmitAsync(contract, body);
        var resized = await Client.SubmitAsync(contract, body.With("width", WireParameter.Of(512L)).With("height", WireParameter.Of(256L)));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var keptPng = (await Client.DownloadAsync((await Client.StatusAsync(kept)).Data["result_url"]!.GetValue<string>())).Content;
        var resizedPng = (await Client.DownloadAsync((await Client.StatusAsync(resized)).Data["result_url"]!.GetValue<string>())).Content;

        Assert.Equal((320, 240), (BinaryPrimitives.ReadInt32BigEndian(keptPng.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(keptPng.AsSpan(20))));
        Assert.Equal((512, 256), (BinaryPrimitives.ReadInt32BigEndian(resizedPng.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(resizedPng.AsSpan(20))));
    }

    [Fact]
    public async Task TextRecognitionAnswersJsonWhenAskedFor()
    {
        var contract = DryApiOperations.ImageToText.Contract;
        var id = await Client.SubmitAsync(contract, Requests.For(contract)
            .With("format", WireParameter.Of("json")).With("return_result_in_response", WireParameter.Of(true)));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var done = (await Client.StatusAsync(id)).Data;
        var file = await Client.DownloadAsync(done["result_url"]!.GetValue<string>());

        Assert.False(string.IsNullOrWhiteSpace(JsonNode.Parse(done["result"]!.GetValue<string>())!["text"]!.GetValue<string>()));
        Assert.Equal("application/json", file.ContentType);
    }

    [Fact]
    public async Task VideoJobProducesAnMp4()
    {
        var contract = DryApiOperations.TextToVideo.Contract;
        var id = await Client.SubmitAsync(contract, Requests.For(contract));
        _clock.Advance(TimeSpan.FromSeconds(11));

        var video = await Client.DownloadAsync((await Client.StatusAsync(id)).Data["result_url"]!.GetValue<string>());

        Assert.Equal(("video/mp4", "mp4"), (video.ContentType, MediaSniffer.Detect(video.Content)));
    }

    private static string Status(JsonNode data) => data["status"]!.GetValue<string>();

    private static double Progress(JsonNode data) => data["progress"]!.GetValue<double>();
}
