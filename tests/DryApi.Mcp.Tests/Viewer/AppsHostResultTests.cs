using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Viewer;

/// <summary>
/// Job results for clients that render MCP Apps leave out <c>resource_link</c> blocks (claude.ai is reported to show
/// nothing for a widget whose result also holds one); the link stays in the text and in structuredContent. Clients
/// without Apps get today's results.
/// </summary>
public sealed class AppsHostResultTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private static ClientCapabilities DeclaringApps(string mimeType) => new()
    {
        Extensions = new Dictionary<string, object> { ["io.modelcontextprotocol/ui"] = new JsonObject { ["mimeTypes"] = new JsonArray(mimeType) } },
    };

    public static TheoryData<string, string?, bool, string?, string?> Clients => new()
    {
        // description, protocol version, declares the ui extension, User-Agent, clientInfo name
        { "declares the ui extension (2026-07-28, per request)", "2026-07-28", true, null, null },
        { "is claude.ai by its User-Agent (stateless 2025-11-25 carries no capabilities)", "2025-11-25", false, "Claude-User", null },
        { "is ChatGPT by its User-Agent", "2025-06-18", false, "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0", null },
        { "is claude.ai by its clientInfo", "2026-07-28", false, null, "claude-ai" },
    };

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task A_client_that_renders_apps_gets_the_result_link_in_text_and_structured_content_but_no_resource_link(
        string client, string? era, bool declaresApps, string? userAgent, string? clientName)
    {
        await using var connection = await harness.ConnectAsync(
            harness.NewKey(), era, capabilities: declaresApps ? DeclaringApps("text/html;profile=mcp-app") : null, userAgent: userAgent, clientName: clientName);

        var result = await connection.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        var url = result.StructuredContent!.Value.GetProperty("result_url").GetString()!;
        Assert.False(result.IsError == true, client);
        Assert.DoesNotContain(result.Content, block => block is ResourceLinkBlock);
        Assert.Contains(result.Content, block => block is TextContentBlock text && text.Text.Contains(url, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-07-28", null)]
    [InlineData("2025-11-25", null)]
    [InlineData("2026-07-28", "text/html")]
    public async Task A_client_without_apps_still_gets_the_resource_link(string era, string? declaredType)
    {
        await using var connection = await harness.ConnectAsync(
            harness.NewKey(), era, capabilities: declaredType is null ? null : DeclaringApps(declaredType), userAgent: "claude-code/2.1.319 (external, cli)");

        var result = await connection.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        var url = result.StructuredContent!.Value.GetProperty("result_url").GetString()!;
        Assert.Contains(result.Content, block => block is ResourceLinkBlock link && link.Uri == url);
    }
}
