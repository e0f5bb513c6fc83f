using DryApi.Client.Responses;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Resources;

/// <summary>
/// <c>completion/complete</c> for the model resource templates: inference types, and slugs from the caller's model
/// list narrowed by the inference type already chosen; at most 100 values, with the total and whether there are more.
/// </summary>
public sealed class ModelCompletionTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const string ByType = "dryapi://models/{inference_type}";
    private const string Card = "dryapi://models/{inference_type}/{slug}";

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RawMcpRequest.Legacy)]
    [InlineData(RawMcpRequest.Modern)]
    public async Task Inference_types_complete_by_prefix(string era)
    {
        var types = (await SimulatorCatalogue.ReadAsync(harness)).InferenceTypes();
        await using var client = await harness.ConnectAsync(harness.NewKey(), era);

        var txt = await CompleteAsync(client, ByType, "inference_type", "TXT2");
        var all = await CompleteAsync(client, Card, "inference_type", "");

        Assert.Equal(types.Where(type => type.StartsWith("txt2", StringComparison.Ordinal)), txt.Values);
        Assert.Contains("txt2img", txt.Values);
        Assert.Equal((txt.Values.Count, false), (txt.Total, txt.HasMore));
        Assert.Equal(types, all.Values);
        Assert.Equal((types.Count, false), (all.Total, all.HasMore));
    }

    [Fact]
    public async Task Slugs_complete_from_the_callers_models_of_the_chosen_inference_type()
    {
        var catalog = await SimulatorCatalogue.ReadAsync(harness);
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var imageModels = await CompleteAsync(client, Card, "slug", "", new() { ["inference_type"] = "txt2img" });
        var qwenSpeechModels = await CompleteAsync(client, Card, "slug", "qwen", new() { ["inference_type"] = "txt2audio" });
        var anyQwen = await CompleteAsync(client, Card, "slug", "qwen");
        var ofUnknownType = await CompleteAsync(client, Card, "slug", "", new() { ["inference_type"] = "txt2gif" });

        Assert.Equal(catalog.ModelsOf("txt2img").Select(model => model.Slug).Order(StringComparer.Ordinal), imageModels.Values);
        Assert.Contains("Flux1schnell", imageModels.Values);
        Assert.Equal(Qwen(catalog.ModelsOf("txt2audio")), qwenSpeechModels.Values);
        Assert.Contains("Qwen3_TTS", qwenSpeechModels.Values);
        Assert.Equal(Qwen(catalog.Models), anyQwen.Values);
        Assert.Contains("QwenImageEdit_Plus_NF4", anyQwen.Values);
        Assert.DoesNotContain("QwenImageEdit_Plus_NF4", qwenSpeechModels.Values);
        Assert.Empty(ofUnknownType.Values);
        Assert.Equal(0, ofUnknownType.Total);
    }

    [Fact]
    public async Task At_most_100_slugs_are_returned_with_the_total_and_has_more()
    {
        await using var crowded = await CrowdedDryApi.StartAsync(modelCount: 150);
        await using var isolated = await McpServerHarness.StartAsync(McpHarnessSettings.Default with
        {
            Configuration = new Dictionary<string, string?> { ["DryApi:BaseUrl"] = crowded.BaseUrl.ToString() },
        });
        await using var client = await isolated.ConnectAsync(isolated.NewKey());

        var all = await CompleteAsync(client, Card, "slug", "model_", new() { ["inference_type"] = "txt2img" });
        var fewer = await CompleteAsync(client, Card, "slug", "Model_1", new() { ["inference_type"] = "txt2img" });

        Assert.Equal(Enumerable.Range(0, 100).Select(CrowdedDryApi.Slug), all.Values);
        Assert.Equal((150, true), (all.Total, all.HasMore));
        Assert.Equal(Enumerable.Range(100, 50).Select(CrowdedDryApi.Slug), fewer.Values);
        Assert.Equal((50, false), (fewer.Total, fewer.HasMore));
    }

    [Fact]
    public async Task A_prompt_reference_an_unknown_template_or_argument_is_invalid_params_naming_what_completes()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var prompt = await Assert.ThrowsAsync<McpProtocolException>(
            () => client.CompleteAsync(new PromptReference { Name = "summarize" }, "text", "a", cancellationToken: CancellationToken).AsTask());
        var template = await Assert.ThrowsAsync<McpProtocolException>(
            () => client.CompleteAsync(new ResourceTemplateReference { Uri = "dryapi://jobs/{request_id}" }, "request_id", "", cancellationToken: CancellationToken).AsTask());
        var argument = await Assert.ThrowsAsync<McpProtocolException>(
            () => client.CompleteAsync(new ResourceTemplateReference { Uri = ByType }, "slug", "", cancellationToken: CancellationToken).AsTask());

        Assert.All([prompt, template], error =>
        {
            Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
            Assert.Contains($"this server has no prompts, and completes the arguments of the resource templates {ByType} and {Card}", error.Message, StringComparison.Ordinal);
        });
        Assert.Equal(McpErrorCode.InvalidParams, argument.ErrorCode);
        Assert.Contains($"{ByType} has no argument 'slug'. Its arguments: inference_type.", argument.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Qwen(IEnumerable<DryApiModel> models) =>
        models.Select(model => model.Slug).Where(slug => slug.StartsWith("Qwen", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    private static async Task<Completion> CompleteAsync(
        McpClient client, string template, string argument, string value, Dictionary<string, string>? context = null)
    {
        var result = await client.CompleteAsync(
            new CompleteRequestParams
            {
                Ref = new ResourceTemplateReference { Uri = template },
                Argument = new Argument { Name = argument, Value = value },
                Context = context is null ? null : new CompleteContext { Arguments = context },
            },
            CancellationToken);
        return result.Completion;
    }
}
