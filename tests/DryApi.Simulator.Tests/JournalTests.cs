using System.Net;
using System.Security.Cryptography;
using DryApi.Client.Contract;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary>The journal records every API request exactly as sent, including refused ones.</summary>
public sealed class JournalTests : IAsyncLifetime
{
    private static readonly string[] JsonProperties = ["prompt", "width", "guidance", "negative_prompt", "loras"];

    private RunningSimulator? _simulator;
    private ApiClient? _client;

    private RunningSimulator Simulator => _simulator!;

    private ApiClient Client => _client!;

    public async ValueTask InitializeAsync()
    {
        _simulator = await Simulators.StartAsync(null, Simulators.Key("1|k"));
        _client = new ApiClient(_simulator.BaseAddress, "1|k");
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
    public async Task MultipartFieldsAndFilesAreRecordedVerbatim()
    {
        var image = ValidRequests.Image;
        var body = new WireBody
        {
            ["prompt"] = WireParameter.Of(" a cat "),
            ["include_ts"] = new WireParameter.Scalar(null, "true"),
            ["loras"] = new WireParameter.Loras([("flux1_anime", 0.5)]),
            ["images[]"] = new WireParameter.Files([("a.png", "image/png", image), ("b.png", "image/png", image)]),
        };

        var response = await Client.PostAsync("img2img", body.ToMultipart());

        var entry = Assert.Single(Simulator.Journal.Entries);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(("POST", "/api/v1/client/img2img", "requestImage2Image", "1|k", 422), (entry.Method, entry.Path, entry.OperationId, entry.ApiKey, entry.StatusCode));
        Assert.StartsWith("multipart/form-data", entry.ContentType, StringComparison.Ordinal);
        Assert.Equal(" a cat ", Assert.Single(entry.Fields["prompt"]));
        Assert.Equal("true", Assert.Single(entry.Fields["include_ts"]));
        Assert.Equal(("flux1_anime", "0.5"), (Assert.Single(entry.Fields["loras[0][name]"]), Assert.Single(entry.Fields["loras[0][weight]"])));
        Assert.Equal(2, entry.Files.Count);
        Assert.All(entry.Files, f => Assert.Equal(("images[]", "image/png", image.LongLength, Convert.ToHexStringLower(SHA256.HashData(image))), (f.FieldName, f.ContentType, f.Length, f.Sha256)));
    }

    [Fact]
    public async Task JsonPropertiesAreRecordedAsTheirRawText()
    {
        await Client.PostAsync("txt2img", new StringContent("""{"prompt":"a cat","width":512,"guidance":7.50,"negative_prompt":null,"loras":[{"name":"x","weight":1}]}""", System.Text.Encoding.UTF8, "application/json"));

        var fields = Assert.Single(Simulator.Journal.Entries).Fields;

        Assert.Equal(["\"a cat\"", "512", "7.50", "null", """[{"name":"x","weight":1}]"""], JsonProperties.Select(name => Assert.Single(fields[name])));
    }

    [Fact]
    public async Task RefusedAndQueryRequestsAreRecordedWithTheirStatus()
    {
        using var anonymous = new ApiClient(Simulator.BaseAddress, apiKey: null);

        await anonymous.GetAsync("balance");
        await Client.GetAsync("models?per_page=3&filter[inference_types]=txt2img");

        var entries = Simulator.Journal.Entries;
        Assert.Equal([(401, null), (200, "1|k")], entries.Select(e => (e.StatusCode, e.ApiKey)));
        Assert.Equal(("clientModels", "3", "txt2img"), (entries[1].OperationId, entries[1].Fields["per_page"][0], entries[1].Fields["filter[inference_types]"][0]));
        Assert.Equal("application/json", entries[1].Accept);

        Simulator.Journal.Clear();
        Assert.Empty(Simulator.Journal.Entries);
    }

    [Fact]
    public async Task JobSubmissionIsRecordedWithItsOperation()
    {
        var requests = await ValidRequests.LoadAsync(Client);
        Simulator.Journal.Clear();

        await Client.SubmitAsync(DryApiOperations.TextToSpeech.Contract, requests.For(DryApiOperations.TextToSpeech.Contract));

        Assert.Equal(["requestTxt2Audio"], Simulator.Journal.Entries.Select(e => e.OperationId));
    }

    [Fact]
    public async Task JobSubmissionIsRecordedWithTheRequestIdOfTheJobItQueued()
    {
        var requests = await ValidRequests.LoadAsync(Client);
        Simulator.Journal.Clear();

        var requestId = await Client.SubmitAsync(DryApiOperations.TextToSpeech.Contract, requests.For(DryApiOperations.TextToSpeech.Contract));
        await Client.StatusAsync(requestId);

        Assert.Equal([requestId, null], Simulator.Journal.Entries.Select(e => e.CreatedRequestId));
    }
}
