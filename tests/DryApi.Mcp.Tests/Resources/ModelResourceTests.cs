using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Resources;

/// <summary>
/// dryAPI's model list as MCP resources (<c>dryapi://models</c> and its two templates), read by the SDK's client over
/// real HTTP in both protocol eras and held against what the simulator lists.
/// </summary>
public sealed class ModelResourceTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    public static TheoryData<string> Eras => [RawMcpRequest.Legacy, RawMcpRequest.Modern];

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task The_server_declares_resources_without_subscriptions_and_completions(string era)
    {
        var recorder = new RequestRecorder();
        await using var client = await harness.ConnectAsync(harness.NewKey(), era, recorder: recorder);

        var resources = Assert.IsType<ResourcesCapability>(client.ServerCapabilities.Resources);
        Assert.Null(resources.Subscribe);
        Assert.Null(resources.ListChanged);
        Assert.NotNull(client.ServerCapabilities.Completions);
        Assert.Contains(recorder.Sent, request => request.RpcMethod == (era == RawMcpRequest.Modern ? "server/discover" : "initialize"));
    }

    [Fact]
    public async Task Lists_the_model_list_the_media_viewer_and_the_templates_for_one_type_and_one_model_without_calling_dryapi()
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);

        var resources = await client.ListResourcesAsync(cancellationToken: CancellationToken);
        var templates = await client.ListResourceTemplatesAsync(cancellationToken: CancellationToken);

        Assert.Equal(
            [("dryapi://models", "application/json"), ("ui://dryapi/media-viewer.html", "text/html;profile=mcp-app")],
            resources.Select(resource => (resource.Uri, resource.MimeType)));
        Assert.Equal(
            ["dryapi://models/{inference_type}", "dryapi://models/{inference_type}/{slug}"],
            templates.Select(template => template.UriTemplate));
        Assert.All(templates, template => Assert.Equal("application/json", template.MimeType));
        Assert.Empty(harness.RequestsBy(key));
    }

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task Reading_dryapi_models_gives_every_model_the_simulator_lists(string era)
    {
        var expected = await SimulatorCatalogue.ReadAsync(harness);
        await using var client = await harness.ConnectAsync(harness.NewKey(), era);

        var list = await ReadJsonAsync(client, "dryapi://models");

        Assert.Equal(expected.Models.Count, list.GetProperty("count").GetInt32());
        Assert.False(list.TryGetProperty("inference_type", out _));
        var models = list.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(expected.Models.Select(model => model.Slug), models.Select(model => model.GetProperty("slug").GetString()));
        foreach (var (model, listed) in expected.Models.Zip(models))
        {
            AssertSummary(model, listed);
            Assert.False(listed.TryGetProperty("loras", out _) || listed.TryGetProperty("languages", out _), "the list leaves LoRAs and voices to the model's card");
        }
    }

    [Fact]
    public async Task Reading_one_inference_type_gives_exactly_its_models()
    {
        var expected = (await SimulatorCatalogue.ReadAsync(harness)).ModelsOf("txt2img");
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var list = await ReadJsonAsync(client, "dryapi://models/txt2img");

        Assert.Equal("txt2img", list.GetProperty("inference_type").GetString());
        Assert.Equal(expected.Count, list.GetProperty("count").GetInt32());
        Assert.Equal(expected.Select(model => model.Slug), list.GetProperty("models").EnumerateArray().Select(model => model.GetProperty("slug").GetString()));
        Assert.Contains(expected, model => model.Slug == "Flux1schnell");
    }

    [Fact]
    public async Task The_template_expanded_by_the_client_reads_one_models_card_with_its_voices()
    {
        var expected = Assert.Single((await SimulatorCatalogue.ReadAsync(harness)).Models, model => model.Slug == "Kokoro");
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var result = await client.ReadResourceAsync(
            "dryapi://models/{inference_type}/{slug}",
            new Dictionary<string, object?> { ["inference_type"] = "txt2audio", ["slug"] = "Kokoro" },
            cancellationToken: CancellationToken);

        var contents = Assert.IsType<TextResourceContents>(Assert.Single(result.Contents));
        Assert.Equal(("dryapi://models/txt2audio/Kokoro", "application/json"), (contents.Uri, contents.MimeType));
        var card = JsonDocument.Parse(contents.Text).RootElement;
        AssertSummary(expected, card);
        var languages = card.GetProperty("languages").EnumerateArray().ToList();
        Assert.Equal(expected.Languages!.Select(language => language.Slug), languages.Select(language => language.GetProperty("slug").GetString()));
        Assert.Equal(
            expected.Languages!.SelectMany(language => language.Voices ?? []).Select(voice => voice.Slug),
            languages.SelectMany(language => language.GetProperty("voices").EnumerateArray()).Select(voice => voice.GetProperty("slug").GetString()));
    }

    [Theory]
    [InlineData(RawMcpRequest.Legacy, McpErrorCode.ResourceNotFound)]
    [InlineData(RawMcpRequest.Modern, McpErrorCode.InvalidParams)]
    public async Task An_unknown_inference_type_is_an_error_naming_the_valid_types(string era, McpErrorCode code)
    {
        var valid = (await SimulatorCatalogue.ReadAsync(harness)).InferenceTypes();
        await using var client = await harness.ConnectAsync(harness.NewKey(), era);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("dryapi://models/txt2gif", cancellationToken: CancellationToken).AsTask());

        Assert.Equal(code, error.ErrorCode);
        Assert.Contains("'txt2gif' is not an inference type", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Valid types: {string.Join(", ", valid)}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_slug_is_looked_up_once_more_then_answered_with_the_types_valid_slugs()
    {
        var valid = (await SimulatorCatalogue.ReadAsync(harness)).ModelsOf("txt2img").Select(model => model.Slug);
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);
        await client.ReadResourceAsync("dryapi://models", cancellationToken: CancellationToken);
        var pagesOfOneFetch = harness.RequestsBy(key, DryApiOperations.Models).Count;

        var error = await Assert.ThrowsAsync<McpProtocolException>(
            () => client.ReadResourceAsync("dryapi://models/txt2img/Kokoro", cancellationToken: CancellationToken).AsTask());

        Assert.Contains($"'Kokoro' is not a txt2img model dryAPI lists for your key. Valid slugs: {string.Join(", ", valid)}.", error.Message, StringComparison.Ordinal);
        Assert.Equal(2 * pagesOfOneFetch, harness.RequestsBy(key, DryApiOperations.Models).Count);
    }

    [Theory]
    [InlineData("dryapi://balance")]
    [InlineData("dryapi://models/txt2img/Flux1schnell/loras")]
    [InlineData("https://api.dryapi.dev/models")]
    public async Task A_uri_that_is_no_model_resource_is_an_error_naming_the_resources(string uri)
    {
        await using var client = await harness.ConnectAsync(harness.NewKey(), RawMcpRequest.Legacy);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync(uri, cancellationToken: CancellationToken).AsTask());

        Assert.Equal(McpErrorCode.ResourceNotFound, error.ErrorCode);
        Assert.Contains("dryapi://models, dryapi://models/{inference_type} and dryapi://models/{inference_type}/{slug}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_and_job_tools_share_one_cached_model_list_per_key()
    {
        var key = harness.NewKey();
        await using var client = await harness.ConnectAsync(key);
        await client.ReadResourceAsync("dryapi://models", cancellationToken: CancellationToken);
        var pagesOfOneFetch = harness.RequestsBy(key, DryApiOperations.Models).Count;

        await client.ReadResourceAsync("dryapi://models/txt2img", cancellationToken: CancellationToken);
        await client.ReadResourceAsync("dryapi://models/txt2img/Flux1schnell", cancellationToken: CancellationToken);
        var image = await client.CallToolAsync("text_to_image", new Dictionary<string, object?> { ["prompt"] = "a fox" }, cancellationToken: CancellationToken);

        Assert.NotEqual(true, image.IsError);
        Assert.Equal(pagesOfOneFetch, harness.RequestsBy(key, DryApiOperations.Models).Count);
    }

    [Fact]
    public async Task A_key_dryapi_refuses_gets_dryapis_reason_as_the_error()
    {
        await using var client = await harness.ConnectAsync(harness.UnknownKey());

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("dryapi://models", cancellationToken: CancellationToken).AsTask());

        Assert.Equal(McpErrorCode.InternalError, error.ErrorCode);
        Assert.Contains("rejected the API key (401)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribing_is_refused_since_a_stateless_server_sends_no_updates()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey(), RawMcpRequest.Legacy);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.SubscribeToResourceAsync("dryapi://models", cancellationToken: CancellationToken));

        Assert.Equal(McpErrorCode.MethodNotFound, error.ErrorCode);
        Assert.Contains("resources/subscribe is not offered", error.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ReadJsonAsync(McpClient client, string uri)
    {
        var result = await client.ReadResourceAsync(uri, cancellationToken: CancellationToken);
        var contents = Assert.IsType<TextResourceContents>(Assert.Single(result.Contents));
        Assert.Equal((uri, "application/json"), (contents.Uri, contents.MimeType));
        return JsonDocument.Parse(contents.Text).RootElement;
    }

    /// <summary>Slug, name and types as listed; limits as numbers; defaults as listed; the features it supports by name.</summary>
    private static void AssertSummary(DryApiModel expected, JsonElement listed)
    {
        Assert.Equal(expected.Slug, listed.GetProperty("slug").GetString());
        Assert.Equal(expected.Name, listed.GetProperty("name").GetString());
        Assert.Equal(expected.InferenceTypes, listed.GetProperty("inference_types").EnumerateArray().Select(type => type.GetString()));
        var limits = listed.GetProperty("limits");
        Assert.Equal(expected.Info.Limits.Keys.Order(), limits.EnumerateObject().Select(limit => limit.Name).Order());
        foreach (var limit in limits.EnumerateObject())
        {
            Assert.Equal(JsonValueKind.Number, limit.Value.ValueKind);
            Assert.Equal(expected.Info.Limit(limit.Name), limit.Value.GetDouble());
        }

        Assert.Equal(
            expected.Info.Defaults.ToDictionary(value => value.Key, value => value.Value.GetRawText()),
            listed.GetProperty("defaults").EnumerateObject().ToDictionary(value => value.Name, value => value.Value.GetRawText()));
        Assert.Equal(
            expected.Info.Features.Keys.Where(expected.Info.Supports).Order(),
            listed.GetProperty("supported_features").EnumerateArray().Select(feature => feature.GetString()));
    }
}
