namespace DryApi.Mcp.Hosting;

/// <summary>
/// The MCP revisions this server speaks over Streamable HTTP, and the header names of the transport.
/// (The SDK keeps its own copies internal.)
/// </summary>
internal static class McpProtocol
{
    /// <summary>The stateless revision: no <c>initialize</c>, per-request <c>_meta</c>, <c>server/discover</c>.</summary>
    public const string Modern = "2026-07-28";

    /// <summary>Revisions with the <c>initialize</c> handshake, as Claude, ChatGPT and the TypeScript SDK speak today.</summary>
    public static readonly IReadOnlyList<string> InitializeEra = ["2025-03-26", "2025-06-18", "2025-11-25"];

    public static readonly IReadOnlyList<string> Supported = [.. InitializeEra, Modern];

    public const string VersionHeader = "MCP-Protocol-Version";
    public const string MethodHeader = "Mcp-Method";
    public const string NameHeader = "Mcp-Name";

    /// <summary>Methods whose request must also name its target in <c>Mcp-Name</c>, and the parameter that names it.</summary>
    public static readonly IReadOnlyDictionary<string, string> NamedMethods = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["tools/call"] = "name",
        ["resources/read"] = "uri",
        ["prompts/get"] = "name",
        ["tasks/get"] = "taskId",
        ["tasks/update"] = "taskId",
        ["tasks/cancel"] = "taskId",
    };

    /// <summary>Methods the modern revision removed; they are answered 404 on it.</summary>
    public static readonly IReadOnlySet<string> RemovedInModern = new HashSet<string>(StringComparer.Ordinal)
    {
        "initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe",
    };

    public static bool IsModern(string? version) => string.Equals(version, Modern, StringComparison.Ordinal);
}
