using System.Text.Json.Nodes;
using DryApi.Simulator.Tests.Support;

namespace DryApi.Simulator.Tests;

/// <summary><c>/models</c>: Laravel's paginated resource, filtering by inference type, models exactly as stored.</summary>
public sealed class ModelsEndpointTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task FirstPageHoldsFifteenModelsWithLinksAndMeta()
    {
        var everything = (await fixture.Client.GetAsync("models?per_page=1000")).Json!["data"]!.AsArray().Count;

        var page = (await fixture.Client.GetAsync("models")).Json!;

        var lastPage = (int)Math.Ceiling(everything / 15.0);
        var path = new Uri(fixture.Simulator.BaseAddress, "api/v1/client/models").ToString();
        Assert.Equal(15, page["data"]!.AsArray().Count);
        Assert.Equal(
            new JsonObject { ["current_page"] = 1, ["from"] = 1, ["last_page"] = lastPage, ["path"] = path, ["per_page"] = 15, ["to"] = 15, ["total"] = everything }.ToJsonString(),
            page["meta"]!.ToJsonString());
        Assert.Equal(
            new JsonObject { ["first"] = $"{path}?page=1", ["last"] = $"{path}?page={lastPage}", ["prev"] = null, ["next"] = $"{path}?page=2" }.ToJsonString(),
            page["links"]!.ToJsonString());
    }

    [Fact]
    public async Task PagesCoverTheCatalogueOnce()
    {
        var everything = (await fixture.Client.GetAsync("models?per_page=1000")).Json!["data"]!.AsArray().Select(Slug).ToList();

        var paged = new List<string>();
        for (var page = 1; page <= Math.Ceiling(everything.Count / 4.0); page++)
        {
            paged.AddRange((await fixture.Client.GetAsync($"models?per_page=4&page={page}")).Json!["data"]!.AsArray().Select(Slug));
        }

        var beyond = (await fixture.Client.GetAsync("models?per_page=4&page=99")).Json!;
        Assert.Equal(everything, paged);
        Assert.Empty(beyond["data"]!.AsArray());
        Assert.Null(beyond["meta"]!["from"]);
    }

    [Theory]
    [InlineData("video2text")]
    [InlineData("vid2txt")]
    public async Task FilterAcceptsEitherSpellingOfAnInferenceType(string filter)
    {
        var page = (await fixture.Client.GetAsync($"models?filter%5Binference_types%5D={filter}")).Json!;

        Assert.Equal(["WhisperLargeV3"], page["data"]!.AsArray().Select(Slug));
    }

    [Fact]
    public async Task FilterTakesACommaSeparatedList()
    {
        var page = (await fixture.Client.GetAsync("models?per_page=100&filter[inference_types]=img_rmbg,txt2embedding")).Json!;

        var models = page["data"]!.AsArray();
        Assert.NotEmpty(models);
        Assert.All(models, m => Assert.Contains(m!["inference_types"]!.AsArray().Select(t => t!.GetValue<string>()), t => t is "img-rmbg" or "txt2embedding"));
        Assert.Contains(models, m => Slug(m) == "Ben2");
    }

    [Fact]
    public async Task ModelsAreServedWithTheirWireQuirks()
    {
        var whisper = (await fixture.Client.GetAsync("models?filter[inference_types]=audio2text")).Json!["data"]![0]!;

        Assert.IsType<JsonArray>(whisper["info"]);
    }

    private static string Slug(JsonNode? model) => model!["slug"]!.GetValue<string>();
}
