using System.Text.Json;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Resources;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Tools.Results;

/// <summary>
/// Clients that render MCP Apps (the <c>io.modelcontextprotocol/ui</c> extension), and the shape of a job result for
/// them: claude.ai is reported to show nothing for an Apps widget whose result also holds a <c>resource_link</c>, so
/// such a result leaves its links out (the URL stays in the text and in <c>structuredContent</c>, which the viewer reads).
/// </summary>
internal static class AppsHosts
{
    public const string ExtensionId = "io.modelcontextprotocol/ui";

    /// <summary>
    /// Hosts that render Apps, by clientInfo name or User-Agent product: a stateless request before 2026-07-28 carries
    /// no capabilities, only these. claude.ai and Claude Desktop ("claude-ai", Claude-User), ChatGPT ("openai-mcp", ChatGPT-User).
    /// </summary>
    private static readonly string[] Known = ["claude-ai", "Claude-User", "openai-mcp", "ChatGPT-User"];

    /// <summary>Whether the client of this call renders Apps: it declares the extension with the viewer's MIME type, or it is a known Apps host.</summary>
    public static bool RendersApps(RequestContext<CallToolRequestParams> request)
    {
        if (DeclaresViewerType(request.Server.ClientCapabilities))
        {
            return true;
        }

        var name = request.Server.ClientInfo?.Name;
        var products = ClientWaitBudgets.Products(request.Services?.GetService<CallingClient>()?.UserAgent).ToList();
        return Known.Any(known =>
            (name is not null && ClientWaitBudgets.NameIs(name, known)) || products.Contains(known, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The result without its <c>resource_link</c> blocks.</summary>
    public static CallToolResult WithoutResourceLinks(CallToolResult result)
    {
        result.Content = [.. result.Content.Where(block => block is not ResourceLinkBlock)];
        return result;
    }

    private static bool DeclaresViewerType(ClientCapabilities? capabilities) =>
        capabilities?.Extensions?.TryGetValue(ExtensionId, out var settings) == true
        && JsonSerializer.SerializeToElement(settings) is { ValueKind: JsonValueKind.Object } json
        && json.TryGetProperty("mimeTypes", out var types)
        && types.ValueKind == JsonValueKind.Array
        && types.EnumerateArray().Any(type => type.ValueKind == JsonValueKind.String && type.GetString() == MediaViewer.MimeType);
}
