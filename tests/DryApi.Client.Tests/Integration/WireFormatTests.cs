using DryApi.Client.Contract;
using DryApi.Client.Requests;
using DryApi.Client.Tests.Support;

namespace DryApi.Client.Tests.Integration;

/// <summary>What reaches dryAPI, byte for byte, as the simulator recorded it.</summary>
public sealed class WireFormatTests(SimulatorHarness harness) : IClassFixture<SimulatorHarness>
{
    [Fact]
    public async Task A_json_job_sends_each_field_under_its_wire_name_and_omits_unset_ones()
    {
        var key = harness.NewKey();

        await harness.ClientFor(key).SendAsync(DryApiOperations.TextToImage, SampleRequests.TextToImageJob("a fox"), TestContext.Current.CancellationToken);

        var sent = Assert.Single(harness.RequestsBy(key, DryApiOperations.TextToImage));
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        Assert.Equal("\"a fox\"", sent.Fields["prompt"].Single());
        Assert.Equal("512", sent.Fields["width"].Single());
        Assert.Equal("0", sent.Fields["guidance"].Single());
        Assert.False(sent.Fields.ContainsKey("negative_prompt"));
        Assert.False(sent.Fields.ContainsKey("webhook_url"));
        Assert.Equal(key, sent.ApiKey);
    }

    [Fact]
    public async Task A_multipart_job_repeats_images_and_indexes_loras_and_sends_booleans_as_1_or_0()
    {
        var key = harness.NewKey();
        var client = harness.ClientFor(key);
        var cancellationToken = TestContext.Current.CancellationToken;

        await client.SendAsync(DryApiOperations.ImageToImage, new ImageToImageRequest
        {
            Prompt = "autumn", Model = "Flux_2_Klein_4B_BF16", Image = SampleRequests.PngFile(), Steps = 4, Seed = 1,
            Loras = [new LoraWeight("flux2_klein_cinematic", 0.75)],
        }, cancellationToken);
        await client.SendAsync(DryApiOperations.ImageToImage, new ImageToImageRequest
        {
            Prompt = "autumn", Model = "QwenImageEdit_Plus_NF4", Images = [SampleRequests.PngFile("a.png"), SampleRequests.PngFile("b.png")],
            Steps = 8, Seed = 1,
        }, cancellationToken);
        await client.SendAsync(DryApiOperations.AudioFileTranscription, new AudioFileTranscriptionRequest
        {
            Audio = SampleRequests.WavFile(), IncludeTs = true, ReturnResultInResponse = false,
        }, cancellationToken);

        var edits = harness.RequestsBy(key, DryApiOperations.ImageToImage);
        Assert.All(edits, edit => Assert.Equal(200, edit.StatusCode));
        Assert.Equal("flux2_klein_cinematic", edits[0].Fields["loras[0][name]"].Single());
        Assert.Equal("0.75", edits[0].Fields["loras[0][weight]"].Single());
        Assert.Equal(["a.png", "b.png"], edits[1].Files.Where(file => file.FieldName == "images[]").Select(file => file.FileName));
        Assert.Equal("image/png", edits[1].Files[0].ContentType);
        var transcription = Assert.Single(harness.RequestsBy(key, DryApiOperations.AudioFileTranscription));
        Assert.Equal("1", transcription.Fields["include_ts"].Single());
        Assert.Equal("0", transcription.Fields["return_result_in_response"].Single());
    }

    [Fact]
    public async Task Prompt_boosters_always_send_negative_prompt_even_without_a_value()
    {
        var key = harness.NewKey();
        var client = harness.ClientFor(key);
        var cancellationToken = TestContext.Current.CancellationToken;

        await client.SendAsync(DryApiOperations.ImagePromptBooster, new ImagePromptRequest { Prompt = "a cat" }, cancellationToken);
        await client.SendAsync(DryApiOperations.VideoPromptBooster, new VideoPromptRequest { Prompt = "a cat" }, cancellationToken);

        Assert.Equal("null", Assert.Single(harness.RequestsBy(key, DryApiOperations.ImagePromptBooster)).Fields["negative_prompt"].Single());
        Assert.Equal(string.Empty, Assert.Single(harness.RequestsBy(key, DryApiOperations.VideoPromptBooster)).Fields["negative_prompt"].Single());
    }

    [Fact]
    public async Task A_file_arrives_byte_for_byte()
    {
        var key = harness.NewKey();
        var file = SampleRequests.PngFile(size: 96);

        await harness.ClientFor(key).SendAsync(
            DryApiOperations.ImageUpscale, new ImageTransformRequest { Image = file, Model = "RealESRGAN_x4plus" }, TestContext.Current.CancellationToken);

        var part = Assert.Single(Assert.Single(harness.RequestsBy(key, DryApiOperations.ImageUpscale)).Files);
        Assert.Equal(("image", "input.png", file.Content.Length), (part.FieldName, part.FileName, part.Length));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file.Content.Span)), part.Sha256.ToLowerInvariant());
    }
}
