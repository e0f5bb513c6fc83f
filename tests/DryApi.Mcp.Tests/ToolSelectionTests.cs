using DryApi.Mcp.Tests.Support;
using DryApi.Mcp.Tools;

namespace DryApi.Mcp.Tests;

/// <summary>Configuration and the endpoint's <c>?tools=</c> query choose the tool groups; check_job_status is always there.</summary>
public sealed class ToolSelectionTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private static readonly McpHarnessSettings WithoutPrices = new()
    {
        Configuration = new Dictionary<string, string?> { ["Mcp:ExcludeToolGroups:0"] = "Prices" },
    };

    [Fact]
    public async Task Query_narrows_the_tools_to_the_groups_it_names()
    {
        var listed = await ListAsync(harness, "?tools=image,-prices");

        var expected = new ToolCatalog().All
            .Where(tool => tool.Card.Group == ToolGroup.Image && !tool.Card.IsPrice)
            .Select(tool => tool.Card.Name)
            .Append("check_job_status");
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed);
        Assert.Contains("text_to_image", listed);
        Assert.DoesNotContain("get_balance", listed);
    }

    [Fact]
    public async Task Without_a_query_every_tool_is_listed()
    {
        var listed = await ListAsync(harness, query: null);

        Assert.Equal(new ToolCatalog().All.Select(tool => tool.Card.Name).Order(StringComparer.Ordinal), listed);
        Assert.Contains(listed, name => name.EndsWith("_price", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Excluded_group_in_configuration_is_not_listed()
    {
        await using var withoutPrices = await McpServerHarness.StartAsync(WithoutPrices);

        var listed = await ListAsync(withoutPrices, query: null);

        Assert.DoesNotContain(listed, name => name.EndsWith("_price", StringComparison.Ordinal));
        Assert.Contains("text_to_image", listed);
        Assert.Contains("get_balance", listed);
        Assert.Contains("check_job_status", listed);
    }

    [Fact]
    public async Task Query_cannot_bring_back_a_group_configuration_excludes()
    {
        await using var withoutPrices = await McpServerHarness.StartAsync(WithoutPrices);

        var listed = await ListAsync(withoutPrices, "?tools=prices");

        Assert.Equal(["check_job_status"], listed);
    }

    private static async Task<IReadOnlyList<string>> ListAsync(McpServerHarness host, string? query)
    {
        await using var client = await host.ConnectAsync(host.NewKey(), query: query);
        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        return [.. tools.Select(tool => tool.Name).Order(StringComparer.Ordinal)];
    }
}
