using System.Text.Json.Nodes;
using DryApi.Mcp.Hosting;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tasks;

/// <summary>The two wire forms of MCP Tasks; they do not interoperate.</summary>
internal enum TaskForm
{
    /// <summary>2026-07-28: the <c>io.modelcontextprotocol/tasks</c> extension (SEP-2663), declared per request in <c>_meta</c>.</summary>
    Extension,

    /// <summary>2025-11-25: the core, experimental form; the client adds <c>params.task</c> to <c>tools/call</c>.</summary>
    Augmented,
}

internal static class TaskForms
{
    public const string ExtensionId = "io.modelcontextprotocol/tasks";

    /// <summary>The form a <c>tools/call</c> asks for: the extension declared on a modern request, <c>params.task</c> on an older one; null for neither.</summary>
    public static TaskForm? Requested(JsonRpcRequest request)
    {
        if (IsModern(request))
        {
            return DeclaresExtension(request) ? TaskForm.Extension : null;
        }

        return request.Params is JsonObject parameters && parameters["task"] is JsonObject ? TaskForm.Augmented : null;
    }

    public static bool IsModern(JsonRpcRequest request) => McpProtocol.IsModern(request.Context?.ProtocolVersion);

    /// <summary>Whether this request's own <c>_meta</c> capabilities name the extension (a modern server infers nothing from earlier requests).</summary>
    public static bool DeclaresExtension(JsonRpcRequest request) =>
        request.Context?.ClientCapabilities?.Extensions?.ContainsKey(ExtensionId) == true;
}
