using System.Net;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Simulator.Media;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>The validation rules a real client trips over, each checked with a refused and an accepted request.</summary>
public sealed class ValidationRuleTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private ApiClient Client => fixture.Client;

    [Fact]
    public async Task MultipartBooleanAcceptsOneButNotTrue()
    {
        var contract = DryApiOperations.VideoFileTranscription.Contract;
        var body = fixture.Requests.For(contract);

        var refused = await Client.CallAsync(contract, body.With("include_ts", new WireParameter.Scalar(null, "true")));
        var accepted = await Client.CallAsync(contract, body.With("include_ts", new WireParameter.Scalar(null, "1")));

        AssertRefused(refused, "include_ts", "The include ts field must be true or false.");
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
    }

    [Fact]
    public async Task NumbersAreReadInTheInvariantCultureOnly()
    {
        var contract = DryApiOperations.TextToSpeech.Contract;
        var body = fixture.Requests.For(contract);

        var refused = await Client.CallAsync(contract, body.With("speed", new WireParameter.Scalar(null, "1,5")));
        var accepted = await Client.CallAsync(contract, body.With("speed", new WireParameter.Scalar(null, "1.5")));

        AssertRefused(refused, "speed", "The speed field must be a number.");
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
    }

    [Fact]
    public async Task WebhookMustBeHttps()
    {
        var contract = DryApiOperations.TextToImage.Contract;
        var body = fixture.Requests.For(contract);

        var refused = await Client.CallAsync(contract, body.With("webhook_url", WireParameter.Of("http://example.com/hook")));
        var accepted = await Client.CallAsync(contract, body.With("webhook_url", WireParameter.Of("https://example.com/hook")));

        AssertRefused(refused, "webhook_url", "The webhook url field must start with one of the following: https://.");
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
    }

    [Fact]
    public async Task FileLargerThanItsLimitIsRefused()
    {
        var contract = DryApiOperations.ImageToText.Contract;
        var oversize = new byte[(10 * 1024 * 1024) + 1];
        SampleMedia.Png(8, 8).CopyTo(oversize, 0);

        var response = await Client.CallAsync(contract, fixture.Requests.For(contract).With("image", WireParameter.File("big.png", "image/png", oversize)));

        AssertRefused(response, "image", "The image field must not be greater than 10240 kilobytes.");
    }

    [Fact]
    public async Task FileIsJudgedByItsContentNotItsName()
    {
        var contract = DryApiOperations.ImageToText.Contract;

        var response = await Client.CallAsync(contract, fixture.Requests.For(contract).With("image", WireParameter.File("photo.png", "image/png", SampleMedia.Wav(1))));

        AssertRefused(response, "image", "The image field must be a file of type: jpg, jpeg, png, gif, bmp, webp.");
    }

    [Fact]
    public async Task ImageWithAPngSignatureFollowedByJunkIsRefused()
    {
        var contract = DryApiOperations.ImageToTextPrice.Contract;
        var junk = new byte[4096];
        new Random(13).NextBytes(junk);
        byte[] file = [.. SampleMedia.Png(8, 8).AsSpan(0, 8), .. junk];

        var response = await Client.CallAsync(contract, fixture.Requests.For(contract).With("image", WireParameter.File("photo.png", "image/png", file)));

        AssertRefused(response, "image", "The image field has invalid image dimensions.");
    }

    [Fact]
    public async Task AudioWithAWavSignatureFollowedByJunkIsRefused()
    {
        var contract = DryApiOperations.AudioFileTranscription.Contract;
        var junk = new byte[4096];
        new Random(13).NextBytes(junk);
        byte[] file = [.. SampleMedia.Wav(1).AsSpan(0, 12), .. junk];

        var response = await Client.CallAsync(contract, fixture.Requests.For(contract).With("audio", WireParameter.File("talk.wav", "audio/wav", file)));

        AssertRefused(response, "audio", "The audio field must be a file of type: aac, mp3, ogg, wav, webm, flac.");
    }

    [Fact]
    public async Task InputImageBeyondTheModelsSizeLimitsIsRefused()
    {
        var contract = DryApiOperations.ImageRemoveBackground.Contract;
        var body = fixture.Requests.For(contract).With("model", WireParameter.Of("Ben2"));

        var refused = await Client.CallAsync(contract, body.With("image", WireParameter.File("wide.png", "image/png", SampleMedia.Png(2100, 40))));
        var accepted = await Client.CallAsync(contract, body.With("image", WireParameter.File("fits.png", "image/png", SampleMedia.Png(2048, 40))));

        AssertRefused(refused, "image", "The image field has invalid image dimensions.");
        Assert.True(accepted.Status == HttpStatusCode.OK, accepted.Text);
    }

    [Fact]
    public async Task ImageAndImagesTogetherAreRefused()
    {
        var contract = DryApiOperations.ImageToImage.Contract;
        var body = fixture.Requests.For(contract).With("images[]", WireParameter.File("more.png", "image/png", ValidRequests.Image));

        var response = await Client.CallAsync(contract, body);

        AssertRefused(response, "image", "The image field prohibits images from being present.");
    }

    [Fact]
    public async Task ImageToImageNeedsAnImageOrImages()
    {
        var contract = DryApiOperations.ImageToImage.Contract;

        var response = await Client.CallAsync(contract, fixture.Requests.For(contract).Without("image"));

        AssertRefused(response, "image", "The image field is required when images is not present.");
        Assert.Contains("images", response.ErrorFields);
    }

    [Fact]
    public async Task VoiceCloneNeedsReferenceAudio()
    {
        var contract = DryApiOperations.TextToSpeech.Contract;
        var body = new WireBody
        {
            ["text"] = WireParameter.Of("Hello there, this is my cloned voice."),
            ["model"] = WireParameter.Of("Qwen3_TTS_12Hz_1_7B_Base"),
            ["mode"] = WireParameter.Of("voice_clone"),
            ["lang"] = WireParameter.Of("English"),
            ["speed"] = WireParameter.Of(1L),
            ["format"] = WireParameter.Of("mp3"),
            ["sample_rate"] = WireParameter.Of(24000L),
        };

        var refused = await Client.CallAsync(contract, body);
        var accepted = await Client.CallAsync(contract, body.With("ref_audio", WireParameter.File("me.wav", "audio/wav", SampleMedia.Wav(4))));

        AssertRefused(refused, "ref_audio", "The ref audio field is required when mode is voice_clone.");
        Assert.True(accepted.Status == HttpStatusCode.OK, accepted.Text);
    }

    [Fact]
    public async Task UnknownModelIsRefused()
    {
        var contract = DryApiOperations.TextToImage.Contract;

        var response = await Client.CallAsync(contract, fixture.Requests.For(contract).With("model", WireParameter.Of("flux1schnell")));

        AssertRefused(response, "model", "The selected model is invalid.");
    }

    [Fact]
    public async Task ModelWithoutTheInferenceTypeIsRefused()
    {
        var contract = DryApiOperations.TextToImage.Contract;

        var response = await Client.CallAsync(contract, fixture.Requests.For(contract).With("model", WireParameter.Of("Kokoro")));

        AssertRefused(response, "model", "The selected model does not support Text To Image.");
        Assert.Equal("The selected model does not support Text To Image.", response.Json!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(4096, "The width field must not be greater than 2048.")]
    [InlineData(128, "The width field must be at least 256.")]
    [InlineData(520, "The width field must be a multiple of 16.")]
    public async Task WidthOutsideTheModelsLimitsIsRefused(long width, string message)
    {
        var contract = DryApiOperations.TextToImage.Contract;
        var body = fixture.Requests.For(contract).With("model", WireParameter.Of("Flux1schnell")).With("width", WireParameter.Of(width));

        var response = await Client.CallAsync(contract, body);

        AssertRefused(response, "width", message);
    }

    [Fact]
    public async Task LorasMustBeTheModels()
    {
        var contract = DryApiOperations.TextToImage.Contract;
        var body = fixture.Requests.For(contract).With("model", WireParameter.Of("Flux1schnell"));

        var refused = await Client.CallAsync(contract, body.With("loras", new WireParameter.Loras([("flux2_klein_line_art", 0.8)])));
        var accepted = await Client.CallAsync(contract, body.With("loras", new WireParameter.Loras([("flux1_anime", 0.8)])));

        AssertRefused(refused, "loras.0.name", "The selected loras.0.name is invalid.");
        Assert.True(accepted.Status == HttpStatusCode.OK, accepted.Text);
    }

    [Fact]
    public async Task SpeechVoiceMustBelongToTheLanguage()
    {
        var contract = DryApiOperations.TextToSpeech.Contract;

        var response = await Client.CallAsync(contract, fixture.Requests.For(contract).With("voice", WireParameter.Of("no_such_voice")));

        AssertRefused(response, "voice", "The selected voice is invalid.");
    }

    [Fact]
    public async Task BodyInTheWrongEncodingIsRefusedNamingTheExpectedOne()
    {
        var multipartOperation = DryApiOperations.ImageToText.Contract;
        var jsonOperation = DryApiOperations.TextToImage.Contract;

        var jsonForMultipart = await Client.PostAsync(multipartOperation.Path, new StringContent("""{"model":"Nanonets_Ocr_S_F16"}""", System.Text.Encoding.UTF8, "application/json"));
        var multipartForJson = await Client.PostAsync(jsonOperation.Path, fixture.Requests.For(jsonOperation).ToMultipart());

        AssertRefused(jsonForMultipart, "content_type", "The request body must be multipart/form-data.");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, multipartForJson.Status);
        Assert.Contains("application/json", multipartForJson.ErrorMessages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromptBoostersUseTheListEnvelopeAndNeedNegativePromptPresent()
    {
        var contract = DryApiOperations.ImagePromptBooster.Contract;

        var response = await Client.CallAsync(contract, fixture.Requests.For(contract).Without("negative_prompt").With("prompt", WireParameter.Of("ab")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        var body = response.Json!.AsObject();
        Assert.Equal("Validation failed", body["message"]!.GetValue<string>());
        Assert.Equal(422, body["statusCode"]!.GetValue<int>());
        Assert.IsType<JsonArray>(body["errors"]);
        Assert.Equal(["prompt", "negative_prompt"], response.ErrorFields);
        Assert.Equal(["The prompt field must be at least 3 characters.", "The negative prompt field must be present."], response.ErrorMessages);
    }

    [Fact]
    public async Task LaravelEnvelopeCountsTheOtherErrors()
    {
        var contract = DryApiOperations.TextToImage.Contract;

        var response = await Client.CallAsync(contract, new WireBody { ["prompt"] = WireParameter.Of("a cat") });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("The model field is required. (and 5 more errors)", response.Json!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task PriceForSizedWorkAcceptsEitherAlternative()
    {
        var contract = DryApiOperations.ImageRemoveBackgroundPrice.Contract;
        var bySize = new WireBody { ["model"] = WireParameter.Of("Ben2"), ["width"] = WireParameter.Of(512L), ["height"] = WireParameter.Of(512L) };

        var accepted = await Client.CallAsync(contract, bySize);
        var refused = await Client.CallAsync(contract, new WireBody { ["model"] = WireParameter.Of("Ben2") });

        Assert.True(accepted.Status == HttpStatusCode.OK, accepted.Text);
        AssertRefused(refused, "image", "The image field is required.");
    }

    private static void AssertRefused(ApiResponse response, string field, string message)
    {
        Assert.True(response.Status == HttpStatusCode.UnprocessableEntity, $"{(int)response.Status} {response.Text}");
        Assert.Contains(field, response.ErrorFields);
        Assert.Contains(message, response.ErrorMessages);
    }
}
