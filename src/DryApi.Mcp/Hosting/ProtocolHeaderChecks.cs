using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// What the Streamable HTTP transport requires of a POST before the MCP server sees it: a supported
/// <c>MCP-Protocol-Version</c>, and on the modern revision the <c>Mcp-Method</c> / <c>Mcp-Name</c> headers and the
/// per-request <c>_meta</c> that must agree with them.
/// </summary>
internal static class ProtocolHeaderChecks
{
    public static JsonRpcRejection? Check(HttpRequest request, JsonRpcMessage message)
    {
        var version = request.Headers[McpProtocol.VersionHeader].ToString();
        if (version.Length > 0 && !McpProtocol.Supported.Contains(version))
        {
            return JsonRpcRejection.UnsupportedVersion(version);
        }

        var (method, parameters) = message switch
        {
            JsonRpcRequest call => (call.Method, call.Params),
            JsonRpcNotification notification => (notification.Method, notification.Params),
            _ => ((string?)null, (JsonNode?)null),
        };
        if (method is null)
        {
            return null;
        }

        if (method == RequestMethods.Initialize
            && Text(Member(parameters, "protocolVersion")) is { } initializeVersion
            && version.Length > 0 && version != initializeVersion)
        {
            return JsonRpcRejection.HeaderMismatch(
                $"The {McpProtocol.VersionHeader} header '{version}' does not match params.protocolVersion '{initializeVersion}'.");
        }

        var metaVersion = Text(Member(Member(parameters, "_meta"), MetaKeys.ProtocolVersion));
        if (!McpProtocol.IsModern(version) && !McpProtocol.IsModern(metaVersion))
        {
            return null;
        }

        return CheckModern(request, version, metaVersion, method, parameters, isRequest: message is JsonRpcRequest);
    }

    private static JsonRpcRejection? CheckModern(
        HttpRequest request, string version, string? metaVersion, string method, JsonNode? parameters, bool isRequest)
    {
        if (version.Length == 0)
        {
            return JsonRpcRejection.HeaderMismatch(
                $"The {McpProtocol.VersionHeader} header is required when the body declares protocol version {McpProtocol.Modern}.");
        }

        var headerMethod = request.Headers[McpProtocol.MethodHeader].ToString().Trim();
        if (headerMethod.Length == 0)
        {
            return JsonRpcRejection.HeaderMismatch($"The {McpProtocol.MethodHeader} header is required on protocol version {McpProtocol.Modern}.");
        }

        if (!string.Equals(headerMethod, method, StringComparison.Ordinal))
        {
            return JsonRpcRejection.HeaderMismatch($"The {McpProtocol.MethodHeader} header '{headerMethod}' does not match the body's method '{method}'.");
        }

        if (McpProtocol.NamedMethods.TryGetValue(method, out var nameParameter))
        {
            var bodyName = Text(Member(parameters, nameParameter));
            var headerName = request.Headers[McpProtocol.NameHeader].ToString().Trim();
            if (headerName.Length == 0 || !string.Equals(headerName, bodyName, StringComparison.Ordinal))
            {
                return JsonRpcRejection.HeaderMismatch(
                    $"The {McpProtocol.NameHeader} header must be present and equal the body's {nameParameter} ('{bodyName}') for {method}.");
            }
        }

        if (!isRequest)
        {
            // A notification has nobody to receive an error, and dropping one such as notifications/cancelled
            // would leave work running.
            return null;
        }

        if (metaVersion is null)
        {
            return JsonRpcRejection.InvalidParams($"Requests on protocol version {version} must include _meta/{MetaKeys.ProtocolVersion}.");
        }

        if (!string.Equals(metaVersion, version, StringComparison.Ordinal))
        {
            return JsonRpcRejection.HeaderMismatch(
                $"The {McpProtocol.VersionHeader} header '{version}' does not match _meta/{MetaKeys.ProtocolVersion} '{metaVersion}'.");
        }

        if (Member(Member(parameters, "_meta"), MetaKeys.ClientCapabilities) is not JsonObject)
        {
            return JsonRpcRejection.InvalidParams($"Requests on protocol version {version} must include _meta/{MetaKeys.ClientCapabilities} as an object.");
        }

        return McpProtocol.RemovedInModern.Contains(method)
            ? new JsonRpcRejection(StatusCodes.Status404NotFound, (int)McpErrorCode.MethodNotFound, $"Method '{method}' is not available on protocol version {version}.")
            : null;
    }

    private static JsonNode? Member(JsonNode? node, string name) => node is JsonObject members ? members[name] : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
