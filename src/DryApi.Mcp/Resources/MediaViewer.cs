using System.Text.Json.Nodes;
using DryApi.Client;
using DryApi.Mcp.Hosting;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Resources;

/// <summary>
/// The media viewer, an MCP App (the <c>io.modelcontextprotocol/ui</c> extension): one self-contained HTML page that
/// shows a job's result (image, video, audio or text) with its prompt, model and cost, and follows a running job
/// through the host's <c>tools/call</c> bridge to <c>check_job_status</c>. Its CSP lets media load only from dryAPI's
/// hosts and allows no other connection.
/// </summary>
internal sealed class MediaViewer(IOptions<DryApiClientOptions> dryApi, IOptions<McpHostOptions> host)
{
    public const string Uri = "ui://dryapi/media-viewer.html";
    public const string MimeType = "text/html;profile=mcp-app";

    /// <summary>The <c>_meta</c> of a tool whose results the viewer shows, in the current key and the older flat one some hosts still read.</summary>
    public static JsonObject ToolMeta() => new()
    {
        ["ui"] = new JsonObject { ["resourceUri"] = Uri },
        ["ui/resourceUri"] = Uri,
    };

    public static Resource Listing { get; } = new()
    {
        Uri = Uri,
        Name = "media-viewer",
        Title = "dryAPI media viewer",
        Description = "Shows a job tool's result (image, video or audio player, transcript text) with its prompt, model and cost, " +
                      "and follows a running job to its end. For hosts that render MCP Apps.",
        MimeType = MimeType,
    };

    private static readonly string Html = ReadPage();

    public ReadResourceResult Read() => new()
    {
        Contents =
        [
            new TextResourceContents
            {
                Uri = Uri,
                MimeType = MimeType,
                Text = Html,
                Meta = new JsonObject
                {
                    ["ui"] = new JsonObject
                    {
                        ["csp"] = new JsonObject
                        {
                            ["resourceDomains"] = new JsonArray([.. MediaOrigins().Select(origin => JsonValue.Create(origin))]),
                            ["connectDomains"] = new JsonArray(),
                        },
                        ["prefersBorder"] = true,
                    },
                },
            },
        ],
    };

    private IEnumerable<string> MediaOrigins()
    {
        var elsewhere = host.Value.ViewerMediaOrigins is { Count: > 0 } configured ? configured : McpHostOptions.DocumentedResultOrigins;
        return ResultOrigins(dryApi.Value.BaseUrl).Concat(elsewhere).Distinct(StringComparer.Ordinal);
    }

    /// <summary>
    /// Where dryAPI's result links point: its own origin (the simulator signs links on its address) and, for a host
    /// name under a parent domain, that domain's other hosts (dryAPI serves results from storage.dryapi.dev beside
    /// api.dryapi.dev).
    /// </summary>
    public static IReadOnlyList<string> ResultOrigins(System.Uri baseUrl)
    {
        var origin = baseUrl.GetLeftPart(UriPartial.Authority);
        var labels = baseUrl.Host.Split('.');
        return baseUrl.HostNameType == UriHostNameType.Dns && labels.Length >= 3
            ? [origin, $"{baseUrl.Scheme}://*.{string.Join('.', labels[1..])}"]
            : [origin];
    }

    private static string ReadPage()
    {
        using var stream = typeof(MediaViewer).Assembly.GetManifestResourceStream("DryApi.Mcp.media-viewer.html")
            ?? throw new InvalidOperationException("The media viewer's page is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
