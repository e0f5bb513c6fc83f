using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Client.Http;
using DryApi.Client.Responses;
using DryApi.Mcp.Tools;

namespace DryApi.Mcp.Tests.Catalog;

/// <summary>
/// Each capability's arguments, in every mode: valid ones resolve to a request dryAPI (simulated) accepts, and the
/// <c>_price</c> twin quotes exactly the parameters the paid tool sends; each rule a tool checks itself refuses with an
/// error that names the argument.
/// </summary>
public sealed class ToolResolutionTests(SimulatedDryApi dryApi) : IClassFixture<SimulatedDryApi>
{
    public static TheoryData<string> ValidCases => [.. ToolArgumentCases.Valid.Select(valid => valid.Name)];

    public static TheoryData<string> RefusedCases => [.. ToolArgumentCases.Refused.Select(refused => refused.Name)];

    public static TheoryData<string> Capabilities => [.. CapabilityUnderTest.All.Select(capability => capability.Name)];

    [Theory]
    [MemberData(nameof(Capabilities))]
    public void Every_capability_has_valid_arguments_and_both_tools_in_the_catalog(string capability)
    {
        var names = new ToolCatalog().All.Select(tool => tool.ProtocolTool.Name).ToList();

        Assert.Contains(ToolArgumentCases.Valid, valid => valid.Tool == capability);
        Assert.Contains(capability, names);
        Assert.Contains(capability + "_price", names);
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public async Task Valid_arguments_resolve_to_a_request_dryApi_accepts(string name)
    {
        var valid = ToolArgumentCases.Valid.Single(candidate => candidate.Name == name);
        var capability = CapabilityUnderTest.Named(valid.Tool);

        var request = capability.Resolve(valid.Arguments, dryApi.Models);
        var response = await dryApi.Client.SendAsync(capability.Run, request, TestContext.Current.CancellationToken);

        Assert.IsType(capability.Run.ResponseType, response);
        if (response is JobSubmission submission)
        {
            Assert.False(string.IsNullOrEmpty(submission.RequestId));
        }
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public async Task The_price_twin_quotes_the_same_parameters(string name)
    {
        var valid = ToolArgumentCases.Valid.Single(candidate => candidate.Name == name);
        var capability = CapabilityUnderTest.Named(valid.Tool);

        var request = capability.Resolve(valid.Arguments, dryApi.Models);
        var quote = capability.QuoteOf(request);
        var sent = Wire(request, capability.Run.RequestType);
        var quoted = Wire(quote, capability.Quote.RequestType);

        // Every field the quote can carry that the paid request has, it carries with the same value; and nothing else.
        Assert.All(capability.Quote.Contract.Fields.Where(field => sent.ContainsKey(field.Name)), field =>
            Assert.True(JsonNode.DeepEquals(sent[field.Name], quoted[field.Name]), $"'{field.Name}' is quoted as {quoted[field.Name]?.ToJsonString() ?? "null"}, sent as {sent[field.Name]?.ToJsonString() ?? "null"}."));
        Assert.All(quoted, pair => Assert.True(JsonNode.DeepEquals(pair.Value, sent[pair.Key]), $"'{pair.Key}' is quoted but not sent with that value."));

        var price = await dryApi.Client.SendAsync(capability.Quote, quote, TestContext.Current.CancellationToken);
        Assert.True(((PriceQuote)price).Price >= 0);
    }

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void Broken_rules_are_refused_naming_the_argument(string name)
    {
        var refused = ToolArgumentCases.Refused.Single(candidate => candidate.Name == name);
        var capability = CapabilityUnderTest.Named(refused.Tool);

        var exception = Assert.Throws<ToolArgumentException>(() => capability.Resolve(refused.Arguments, dryApi.Models));

        Assert.Equal(refused.Argument, exception.Argument);
        Assert.StartsWith($"Invalid argument '{refused.Argument}': ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_price_twin_refuses_what_the_paid_tool_refuses()
    {
        var refused = ToolArgumentCases.Refused.First(candidate => candidate.Tool == "text_to_audio");
        var capability = CapabilityUnderTest.Named(refused.Tool);

        var exception = Assert.Throws<ToolArgumentException>(() => capability.QuoteOf(capability.Resolve(refused.Arguments, dryApi.Models)));

        Assert.Equal(refused.Argument, exception.Argument);
    }

    /// <summary>A request as the client writes it (files as base64), keyed by wire name.</summary>
    private static JsonObject Wire(object request, Type declaredType) =>
        JsonSerializer.SerializeToNode(request, declaredType, DryApiJson.Options)!.AsObject();
}
