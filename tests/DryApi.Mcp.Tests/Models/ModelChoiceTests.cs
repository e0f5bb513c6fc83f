using System.Text.Json;
using DryApi.Client.Http;
using DryApi.Client.Responses;
using DryApi.Mcp.Tools;
using DryApi.Mcp.Tools.Models;

namespace DryApi.Mcp.Tests.Models;

/// <summary>A model's features and missing defaults, on models the simulator's catalogue does not have.</summary>
public sealed class ModelChoiceTests
{
    private static readonly ModelCatalog Catalog = new(
    [
        Model("NoLastFrame", "img2video", """{"limits": {}, "features": {"supports_last_frame": "0", "supports_guidance": "1"}, "defaults": {"width": 512}}"""),
        Model("LastFrame", "img2video", """{"limits": {}, "features": {"supports_last_frame": true}, "defaults": {}}"""),
    ]);

    [Fact]
    public void A_last_frame_is_refused_for_a_model_without_supports_last_frame()
    {
        var choice = ModelChoice.From(Catalog, "img2video", "NoLastFrame");

        var refusal = Assert.Throws<ToolArgumentException>(() => choice.Requiring("supports_last_frame", "last_frame_image", "data:image/png;base64,AA=="));

        Assert.Equal("last_frame_image", refusal.Argument);
        Assert.Contains("NoLastFrame does not support it (its features.supports_last_frame is false)", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("x", ModelChoice.From(Catalog, "img2video", "LastFrame").Requiring("supports_last_frame", "last_frame_image", "x"));
    }

    [Fact]
    public void An_omitted_value_the_model_has_no_default_for_is_refused_naming_it()
    {
        var choice = ModelChoice.From(Catalog, "img2video", "NoLastFrame");

        Assert.Equal(512, choice.Whole("width", null));
        var refusal = Assert.Throws<ToolArgumentException>(() => choice.Whole("frames", null));

        Assert.Equal("frames", refusal.Argument);
        Assert.Contains("NoLastFrame has no default frames, so it is required", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_preferred_model_listed_the_first_listed_is_picked()
    {
        var choice = ModelChoice.From(Catalog, "img2video", null);

        Assert.Equal("NoLastFrame", choice.Slug);
        Assert.True(choice.PickedByServer);
    }

    [Fact]
    public void A_type_with_no_listed_model_is_refused_on_model()
    {
        var refusal = Assert.Throws<ToolArgumentException>(() => ModelChoice.From(Catalog, "txt2img", null));

        Assert.Equal("model", refusal.Argument);
    }

    private static DryApiModel Model(string slug, string inferenceType, string info) => new()
    {
        Name = slug,
        Slug = slug,
        InferenceTypes = [inferenceType],
        Info = JsonSerializer.Deserialize<ModelInfo>(info, DryApiJson.Options)!,
    };
}
