using DryApi.Mcp.Jobs;

namespace DryApi.Mcp.Hosting;

/// <summary>The MCP endpoint: where it listens for MCP, whom it lets in, and how long one call may wait for a job.</summary>
public sealed class McpHostOptions
{
    public const string SectionName = "Mcp";

    /// <summary>The path of the Streamable HTTP endpoint.</summary>
    public string Path { get; set; } = "/mcp";

    /// <summary>Browser origins allowed to call the endpoint (exact, e.g. <c>https://inspector.example</c>); others get 403.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Also allow origins on loopback (<c>http://localhost:*</c>, <c>http://127.0.0.1:*</c>), as local inspectors use.</summary>
    public bool AllowLoopbackOrigins { get; set; } = true;

    /// <summary>
    /// The longest a job tool (or <c>check_job_status</c>) waits, from the call's arrival, for a client not in
    /// <see cref="ClientWaitBudgets"/>, whether or not it asked for progress: short enough for a 60-second client timeout
    /// that progress does not reset. After it the tool returns the request_id to continue with <c>check_job_status</c>.
    /// </summary>
    public TimeSpan WaitBudget { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Wait budgets of known clients, by clientInfo name, each under that client's tool-call timeout (README, "Long
    /// jobs", has the table and its sources). An entry here replaces the built-in one of the same name.
    /// </summary>
    public Dictionary<string, ClientWaitBudget> ClientWaitBudgets { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // ~60 s to the first response byte measured, progress does not reset it (Claude Desktop's connectors too).
        ["claude-ai"] = ClientWaitBudget.Of(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(45), "Claude-User"),
        // 300 s idle, reset by every progress notification.
        ["claude-code"] = ClientWaitBudget.Of(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(4)),
        // No tool-call timeout.
        ["Visual Studio Code"] = ClientWaitBudget.Of(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)),
        // About 5 minutes.
        ["cursor-vscode"] = ClientWaitBudget.Of(TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(4)),
        // tool_timeout_sec, 60 s by default.
        ["codex-mcp-client"] = ClientWaitBudget.Of(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(45)),
        // 10 minutes, not reset by progress.
        ["gemini-cli-mcp-client"] = ClientWaitBudget.Of(TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(9)),
        // Not published; treated as a 60-second client.
        ["openai-mcp"] = ClientWaitBudget.Of(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(45), "ChatGPT-User"),
    };

    /// <summary>The longest silence on a long call's event stream before a keep-alive (progress or SSE comment).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Origins besides dryAPI's own (<c>DryApi:BaseUrl</c> and its parent domain's hosts) whose media the viewer may load,
    /// because dryAPI's result links point there. Empty means <see cref="DocumentedResultOrigins"/>.
    /// </summary>
    public List<string> ViewerMediaOrigins { get; set; } = [];

    /// <summary>Where dryAPI's documentation shows result links besides its own domain: its S3 bucket at Scaleway.</summary>
    public static IReadOnlyList<string> DocumentedResultOrigins { get; } = ["https://depinprod.s3.pl-waw.scw.cloud"];

    /// <summary>Tool groups to offer (empty means all). See <see cref="Tools.ToolGroup"/>.</summary>
    public List<string> IncludeToolGroups { get; set; } = [];

    /// <summary>Tool groups to leave out.</summary>
    public List<string> ExcludeToolGroups { get; set; } = [];

    /// <summary>
    /// The most one paid call may cost, in US dollars; a call quoted above it is refused before submission. Null (the
    /// default) sets no ceiling; callers can still pass <c>max_cost_usd</c>.
    /// </summary>
    public decimal? MaxCostPerCallUsd { get; set; }

    /// <summary>
    /// How long a paid job call is remembered per API key: an identical call (same tool, resolved parameters and file
    /// contents) within it follows that job instead of submitting another. Zero turns this off.
    /// </summary>
    public TimeSpan DuplicateCallWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a stopping server (SIGTERM) lets calls in flight answer: waits for jobs end at once with their
    /// request_id, submissions on the wire finish. Kept well under Docker's 10-second stop timeout.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest inline text (transcript, OCR, embedding) returned in one page.</summary>
    public int TextPageSize { get; set; } = 20_000;

    /// <summary>
    /// The largest request body accepted at the MCP endpoint, in bytes; a larger one gets 413. The default, 64 MiB,
    /// holds the largest call dryAPI accepts with every file in base64: audio_to_video's 20 MB audio and two 10 MB
    /// frames, 53.3 MiB encoded.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// The request-body bytes all calls may hold at once; a body that would exceed it gets 503 with Retry-After, so a
    /// burst of large calls cannot make the server swap. The default, 256 MiB, holds four of the largest bodies.
    /// </summary>
    public long MaxRequestBodyBytesInFlight { get; set; } = 256 * 1024 * 1024;

    /// <summary>
    /// The largest body read before dryAPI has accepted the caller's key. A larger body (or one of unknown length)
    /// waits for that check, so a refused key never costs the server its body. Only applies with OAuth off: with OAuth
    /// on every bearer is checked first anyway.
    /// </summary>
    public long MaxUnverifiedBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The most bytes a request may carry apart from the values of file arguments (which the endpoint keeps aside); a
    /// prompt, a list of texts to embed, or anything else larger gets 413.
    /// </summary>
    public long MaxMessageBytesWithoutFiles { get; set; } = 4 * 1024 * 1024;

    /// <summary>The most file bytes one call may hold, decoded from base64 and downloaded from URLs together.</summary>
    public long MaxFileBytesPerCall { get; set; } = 64 * 1024 * 1024;
}
