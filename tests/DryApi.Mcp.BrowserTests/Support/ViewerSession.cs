using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.BrowserTests.Support;

/// <summary>
/// One tool call shown in the media viewer, as an MCP Apps host shows it: the host page (ext-apps' AppBridge), the
/// view in a sandboxed iframe (an opaque origin of its own), served the HTML that the real server's
/// <c>resources/read</c> returned under the CSP its <c>_meta.ui.csp</c> asks for. The view's
/// <c>tools/call</c> goes through the bridge to an MCP client of the real server (the key stays in that client's
/// Authorization header; the page never has it).
/// </summary>
public sealed class ViewerSession : IAsyncDisposable
{
    public const string ViewerUri = "ui://dryapi/media-viewer.html";
    public const string ViewerMimeType = "text/html;profile=mcp-app";

    private readonly IBrowserContext context;

    private ViewerSession(IBrowserContext context, IPage page, CallToolResult toolResult, string policy)
    {
        this.context = context;
        Page = page;
        ToolResult = toolResult;
        ContentSecurityPolicy = policy;
    }

    public IPage Page { get; }

    /// <summary>The view's frame.</summary>
    public IFrameLocator View => Page.FrameLocator("#view");

    /// <summary>The result of the tool call the view was given.</summary>
    public CallToolResult ToolResult { get; }

    /// <summary>The CSP the view was served under, built from the resource's <c>_meta.ui.csp</c>.</summary>
    public string ContentSecurityPolicy { get; }

    /// <summary>The names of the tools the view called through the host, in order.</summary>
    public ConcurrentQueue<string> ToolsCalledByView { get; } = new();

    /// <summary>What the browser said on its console (the view's errors and CSP violations among them).</summary>
    public ConcurrentQueue<string> Console { get; } = new();

    /// <summary>
    /// Calls <paramref name="tool"/> and shows its result in the viewer; <paramref name="alterResult"/> may change the
    /// structuredContent the view is given (an expired or broken link) before it is shown.
    /// </summary>
    public static async Task<ViewerSession> OpenAsync(
        BrowserFixture browser, McpClient client, string tool, Dictionary<string, object?> arguments, Action<JsonObject>? alterResult = null)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var toolResult = await client.CallToolAsync(tool, arguments, cancellationToken: cancellation);
        var resource = await client.ReadResourceAsync(ViewerUri, cancellationToken: cancellation);
        var view = Assert.IsType<TextResourceContents>(Assert.Single(resource.Contents));
        var policy = Policy(view.Meta?["ui"]?["csp"]);

        var viewUrl = browser.Host.AddView(view.Text, policy);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 680, Height = 900 } });
        var page = await context.NewPageAsync();
        var session = new ViewerSession(context, page, toolResult, policy);
        page.Console += (_, message) => session.Console.Enqueue($"{message.Type}: {message.Text}");
        await page.ExposeFunctionAsync<string, Task<string>>("mcpCallTool", async call =>
        {
            var request = JsonNode.Parse(call)!;
            var name = request["name"]!.GetValue<string>();
            session.ToolsCalledByView.Enqueue(name);
            var callArguments = request["arguments"]?.Deserialize<Dictionary<string, object?>>();
            var result = await client.CallToolAsync(name, callArguments, cancellationToken: cancellation);
            return JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions);
        });

        Assert.Equal(ViewerMimeType, view.MimeType);
        await page.GotoAsync(browser.Host.Origin.ToString());
        var show = new JsonObject
        {
            ["viewUrl"] = viewUrl.ToString(),
            ["toolName"] = tool,
            ["toolArguments"] = JsonSerializer.SerializeToNode(arguments),
            ["toolResult"] = JsonSerializer.SerializeToNode(toolResult, McpJsonUtilities.DefaultOptions),
        };
        if (alterResult is not null)
        {
            alterResult(show["toolResult"]!["structuredContent"]!.AsObject());
        }

        await page.EvaluateAsync("json => window.showView(JSON.parse(json))", show.ToJsonString());
        return session;
    }

    /// <summary>Waits until the view's body says <paramref name="state"/> (waiting, running, done or failed).</summary>
    public Task WaitForStateAsync(string state, float timeoutMs = 30_000) =>
        View.Locator($"body[data-state='{state}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = timeoutMs });

    /// <summary>A screenshot of the view's frame, kept in <c>.ci/work/screenshots</c>.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppsHostFiles.ScreenshotFolder, name + ".png");
        await Page.Locator("#view").ScreenshotAsync(new LocatorScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    /// <summary>
    /// The CSP a host builds from <c>_meta.ui.csp</c>, as SEP-1865 ("CSP Construction from Metadata") gives it: media,
    /// images and fonts only from <c>resourceDomains</c>, connections only to <c>connectDomains</c>.
    /// </summary>
    private static string Policy(JsonNode? csp)
    {
        string Domains(string name) => string.Join(' ', csp?[name]?.AsArray().Select(domain => domain!.GetValue<string>()) ?? []);
        var resources = Domains("resourceDomains");
        var connections = Domains("connectDomains");
        return $"default-src 'none'; script-src 'self' 'unsafe-inline' {resources}; style-src 'self' 'unsafe-inline' {resources}; " +
               $"connect-src 'self' {connections}; img-src 'self' data: {resources}; font-src 'self' {resources}; " +
               $"media-src 'self' data: {resources}; frame-src 'none'; object-src 'none'; base-uri 'self'";
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
