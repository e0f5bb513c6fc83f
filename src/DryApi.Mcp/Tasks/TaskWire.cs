using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tasks;

/// <summary>The status of a task as both wire forms name it.</summary>
internal static class TaskStatuses
{
    public const string Working = "working";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>One look at a task, before it is written in either wire form.</summary>
internal sealed record TaskView(
    string TaskId, string Status, string StatusMessage, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, TimeSpan Ttl, TimeSpan PollInterval,
    CallToolResult? Result = null)
{
    /// <summary>The 2026-07-28 shape: flat, <c>resultType</c> "task" when created and "complete" from <c>tasks/get</c>; the result inline.</summary>
    public ExtensionTask InExtensionForm(string resultType) => new()
    {
        ResultType = resultType,
        TaskId = TaskId,
        Status = Status,
        StatusMessage = StatusMessage,
        CreatedAt = CreatedAt.UtcDateTime,
        LastUpdatedAt = LastUpdatedAt.UtcDateTime,
        TtlMs = (long)Ttl.TotalMilliseconds,
        PollIntervalMs = (long)PollInterval.TotalMilliseconds,
        Result = Result,
    };

    /// <summary>The 2025-11-25 shape (flat from <c>tasks/get</c> and <c>tasks/cancel</c>, under <c>task</c> when created); the result comes from <c>tasks/result</c>.</summary>
    public AugmentedTask InAugmentedForm() => new()
    {
        TaskId = TaskId,
        Status = Status,
        StatusMessage = StatusMessage,
        CreatedAt = CreatedAt.UtcDateTime,
        LastUpdatedAt = LastUpdatedAt.UtcDateTime,
        Ttl = (long)Ttl.TotalMilliseconds,
        PollInterval = (long)PollInterval.TotalMilliseconds,
    };
}

/// <summary>What both wire forms of a task hold under the same names; they differ in how they name its lifetime and poll interval.</summary>
internal abstract class TaskFields : Result
{
    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }

    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("statusMessage")]
    public string? StatusMessage { get; init; }

    [JsonPropertyName("createdAt")]
    public required DateTime CreatedAt { get; init; }

    [JsonPropertyName("lastUpdatedAt")]
    public required DateTime LastUpdatedAt { get; init; }
}

/// <summary>A task in the 2026-07-28 extension's form (SEP-2663's <c>CreateTaskResult</c> and <c>GetTaskResult</c>).</summary>
internal sealed class ExtensionTask : TaskFields
{
    [JsonPropertyName("ttlMs")]
    public required long TtlMs { get; init; }

    [JsonPropertyName("pollIntervalMs")]
    public long? PollIntervalMs { get; init; }

    [JsonPropertyName("result")]
    public CallToolResult? Result { get; init; }
}

/// <summary>A task in the 2025-11-25 form (its <c>Task</c>, also the result of <c>tasks/get</c> and <c>tasks/cancel</c>).</summary>
internal sealed class AugmentedTask : TaskFields
{
    [JsonPropertyName("ttl")]
    public required long Ttl { get; init; }

    [JsonPropertyName("pollInterval")]
    public long? PollInterval { get; init; }
}

/// <summary>The 2025-11-25 answer to a task-augmented <c>tools/call</c>.</summary>
internal sealed class CreateAugmentedTaskResult : Result
{
    [JsonPropertyName("task")]
    public required AugmentedTask Task { get; init; }
}

/// <summary>How the task shapes are written: the SDK's protocol JSON (its content blocks, nulls left out).</summary>
internal static class TaskJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
