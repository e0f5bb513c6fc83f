using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// The MCP revisions this server speaks over Streamable HTTP, and the two version checks the SDK's handler does not
/// make. It also serves 2024-11-05, which this server does not; and it reads a request whose <c>_meta</c> declares
/// the stateless revision under an older (or no) version header as an initialize-era request, which is a mismatch.
/// </summary>
internal static class McpProtocol
{
    /// <summary>The stateless revision: no <c>initialize</c>, per-request <c>_meta</c>, <c>server/discover</c>.</summary>
    public const string Modern = "2026-07-28";

    public const string VersionHeader = "MCP-Protocol-Version";

    /// <summary>Revisions with the <c>initialize</c> handshake, as Claude, ChatGPT and the TypeScript SDK speak today.</summary>
    public static readonly IReadOnlyList<string> InitializeEra = ["2025-03-26", "2025-06-18", "2025-11-25"];

    public static readonly IReadOnlyList<string> Supported = [.. InitializeEra, Modern];

    public static bool IsModern(string? version) => string.Equals(version, Modern, StringComparison.Ordinal);

    public static JsonRpcRejection? CheckVersion(HttpRequest request, JsonRpcMessage? message)
    {
        var version = request.Headers[VersionHeader].ToString();
        if (version.Length > 0 && !Supported.Contains(version))
        {
            return JsonRpcRejection.UnsupportedVersion(version);
        }

        var parameters = message switch
        {
            JsonRpcRequest call => call.Params,
            JsonRpcNotification notification => notification.Params,
            _ => null,
        };
        var metaVersion = parameters is JsonObject { } members && members["_meta"] is JsonObject meta
            && meta[MetaKeys.ProtocolVersion] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        return IsModern(metaVersion) && !IsModern(version)
            ? JsonRpcRejection.HeaderMismatch(
                $"The {VersionHeader} header '{version}' does not match _meta/{MetaKeys.ProtocolVersion} '{metaVersion}': send {VersionHeader}: {Modern}.")
            : null;
    }
}
