using System.Text.Json;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests;

/// <summary>Every tool the server lists, called with valid arguments through the SDK's client, gives a meaningful result.</summary>
public sealed class EveryToolTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const decimal StartingBalance = 1000m;

    private static readonly HttpClient Downloads = new();

    public static TheoryData<string> SampledTools => [.. ToolSamples.All.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Samples_cover_exactly_the_tools_the_server_lists()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var listed = (await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken)).Select(tool => tool.Name);

        Assert.Equal(listed.Order(StringComparer.Ordinal), ToolSamples.All.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SampledTools))]
    public async Task Tool_with_valid_arguments_succeeds_and_reaches_its_operation(string tool)
    {
        var sample = ToolSamples.All[tool];
        var key = harness.NewKey(StartingBalance);
        await using var client = await harness.ConnectAsync(key);
        var arguments = await sample.Arguments(client);

        var result = await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError is null or false, result.Text());
        Assert.NotNull(result.StructuredContent);
        await AssertMeaningfulAsync(sample, key, result);
        var reached = harness.RequestsBy(key, sample.Operation);
        Assert.NotEmpty(reached);
        Assert.All(reached, request => Assert.Equal(200, request.StatusCode));
    }

    private async Task AssertMeaningfulAsync(ToolSample sample, string key, CallToolResult result)
    {
        var structured = result.StructuredContent!.Value;
        switch (sample.Result)
        {
            case var media when MediaSignature.IsMedia(media):
                Assert.Equal("done", structured.GetProperty("status").GetString());
                var url = structured.GetProperty("result_url").GetString()!;
                Assert.Contains(url, result.Text(), StringComparison.Ordinal);
                Assert.Contains(result.Content.OfType<ResourceLinkBlock>(), link => link.Uri == url);
                var bytes = await Downloads.GetByteArrayAsync(new Uri(url), TestContext.Current.CancellationToken);
                Assert.True(MediaSignature.Matches(media, bytes), $"{sample.Tool}: expected {media}, got {MediaSignature.Describe(bytes)}");
                break;
            case ResultKind.InlineText:
                Assert.Equal("done", structured.GetProperty("status").GetString());
                var text = structured.GetProperty("text").GetString();
                Assert.False(string.IsNullOrWhiteSpace(text));
                Assert.Contains(text, result.Text(), StringComparison.Ordinal);
                break;
            case ResultKind.Price:
                Assert.True(structured.GetProperty("price_usd").GetDecimal() > 0, structured.GetRawText());
                Assert.Equal(sample.Tool[..^"_price".Length], structured.GetProperty("tool").GetString());
                Assert.Equal(StartingBalance, harness.Simulator.Accounts.BalanceOf(key));
                break;
            case ResultKind.Balance:
                Assert.Equal(StartingBalance, structured.GetProperty("balance_usd").GetDecimal());
                break;
            case ResultKind.Models:
                var models = structured.GetProperty("models").EnumerateArray().ToList();
                Assert.Equal(models.Count, structured.GetProperty("count").GetInt32());
                Assert.Contains(models, model => model.GetProperty("slug").GetString() == "Flux1schnell");
                Assert.All(models, model => Assert.Contains("txt2img", model.GetProperty("inference_types").EnumerateArray().Select(type => type.GetString())));
                break;
            case ResultKind.Prompt:
                Assert.False(string.IsNullOrWhiteSpace(structured.GetProperty("prompt").GetString()), structured.GetRawText());
                break;
            default:
                throw new InvalidOperationException($"No check for {sample.Result}.");
        }
    }
}
