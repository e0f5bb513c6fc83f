using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tools;
using DryApi.Mcp.Tools.Results;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Tasks;

// The SDK marks its hooks for alternate results and custom methods experimental (MCPEXP002); they are what Tasks are built on.
#pragma warning disable MCPEXP002

/// <summary>
/// MCP Tasks on one MCP server, in both wire forms: the 2026-07-28 extension <c>io.modelcontextprotocol/tasks</c>
/// (declared in <c>capabilities.extensions</c>; <c>tasks/get</c>, <c>tasks/update</c>, <c>tasks/cancel</c>) and the
/// 2025-11-25 form (<c>capabilities.tasks</c> and <c>execution.taskSupport: "optional"</c> on the job tools;
/// <c>tasks/get</c>, <c>tasks/result</c>, <c>tasks/cancel</c>). <c>tasks/list</c> is not offered: with nothing stored
/// there is no list, and the spec requires every task a client can get to be listed.
/// </summary>
internal static class TaskProtocol
{
    /// <summary>Where the 2026-07-28 acknowledgement of <c>tasks/cancel</c> (an empty result) says what cancelling did.</summary>
    public const string NoticeKey = "dryapi-mcp/notice";

    private const string RelatedTaskKey = "io.modelcontextprotocol/related-task";
    private const string ImmediateResponseKey = "io.modelcontextprotocol/model-immediate-response";
    private const string AugmentedRevision = "2025-11-25";

    /// <summary>The <c>tasks/*</c> methods; built once, as they are the same for every MCP server.</summary>
    private static readonly McpServerRequestHandler[] Methods =
    [
        Handler("tasks/get", GetAsync),
        Handler("tasks/result", ResultAsync, only: TaskForm.Augmented),
        Handler("tasks/cancel", CancelAsync),
        Handler("tasks/update", UpdateAsync, only: TaskForm.Extension),
    ];

    private static readonly McpMessageFilter AdvertiseAugmentedTasksFilter = next => (context, cancellationToken) =>
    {
        AdvertiseAugmentedTasks(context);
        return next(context, cancellationToken);
    };

    /// <summary>
    /// The capability, the <c>tasks/*</c> methods, the task answer of job tools, and the 2025-11-25 marks on the job
    /// tools among those the server offers (its <see cref="McpServerOptions.ToolCollection"/>, set per request).
    /// </summary>
    public static void AddTo(McpServerOptions options)
    {
        options.Capabilities ??= new ServerCapabilities();
        options.Capabilities.Extensions ??= new Dictionary<string, object>();
        options.Capabilities.Extensions[TaskForms.ExtensionId] = new JsonObject();
        options.Filters.Request.CallToolWithAlternateFilters.Add(AnswerWithTaskAsync);
        options.Filters.Message.OutgoingFilters.Add(AdvertiseAugmentedTasksFilter);
        options.RequestHandlers ??= [];
        foreach (var method in Methods)
        {
            options.RequestHandlers.Add(method);
        }
    }

    /// <summary>
    /// A job tool called by a client that asked for a task runs as always up to its submission (claim, spending limit,
    /// submit), then answers with the task instead of waiting. A call that submits nothing answers as always, except
    /// that a 2025-11-25 client, which expects a task or an error, gets its refusal as a JSON-RPC error.
    /// </summary>
    private static async ValueTask<ResultOrAlternate<CallToolResult>> AnswerWithTaskAsync(
        RequestContext<CallToolRequestParams> context,
        McpRequestHandler<CallToolRequestParams, ResultOrAlternate<CallToolResult>> next,
        CancellationToken cancellationToken)
    {
        if (TaskForms.Requested(context.JsonRpcRequest) is not { } form)
        {
            return await next(context, cancellationToken);
        }

        if (context.MatchedPrimitive is not DryApiTool { RunsJobs: true })
        {
            return form == TaskForm.Augmented
                ? throw new McpProtocolException(
                    $"Tool '{context.Params?.Name}' does not run as a task (its execution.taskSupport is \"forbidden\"): call it without params.task.",
                    McpErrorCode.MethodNotFound)
                : await next(context, cancellationToken);
        }

        var taskRequest = new JobTaskRequest();
        context.Items[JobTaskRequest.ItemKey] = taskRequest;
        var answer = await next(context, cancellationToken);
        if (taskRequest.Ticket is not { } ticket)
        {
            return form == TaskForm.Augmented && answer.Result is { IsError: true } refusal
                ? throw new McpProtocolException(ToolResults.Text(refusal), McpErrorCode.InvalidParams)
                : answer;
        }

        var task = Service<JobTasks>(context).Created(ticket);
        return form == TaskForm.Extension
            ? ResultOrAlternate<CallToolResult>.FromAlternate(task.InExtensionForm("task"), TaskJson.Info<ExtensionTask>())
            : ResultOrAlternate<CallToolResult>.FromAlternate(
                new CreateAugmentedTaskResult { Task = task.InAugmentedForm(), Meta = new JsonObject { [ImmediateResponseKey] = task.StatusMessage } },
                TaskJson.Info<CreateAugmentedTaskResult>());
    }

    /// <summary>One status request; finished, the tool's result (2026-07-28 inline; 2025-11-25 from <c>tasks/result</c>, a tool error being <c>failed</c> there).</summary>
    private static async ValueTask<JsonNode?> GetAsync(TaskCall call, CancellationToken cancellationToken)
    {
        var check = await call.Tasks.CheckAsync(call.Ticket, call.Caller, cancellationToken);
        return call.Form == TaskForm.Extension
            ? Node(call.Tasks.View(call.TaskId, call.Ticket, check, toolErrorFails: false).InExtensionForm("complete"))
            : Node(call.Tasks.View(call.TaskId, call.Ticket, check, toolErrorFails: true).InAugmentedForm());
    }

    private static async ValueTask<JsonNode?> ResultAsync(TaskCall call, CancellationToken cancellationToken)
    {
        var result = await call.Tasks.WaitForResultAsync(call.Ticket, call.Caller, call.WaitBudget, cancellationToken);
        result.Meta ??= [];
        result.Meta[RelatedTaskKey] = new JsonObject { ["taskId"] = call.TaskId };
        return Node(result);
    }

    /// <summary>Acknowledged; nothing is stopped at dryAPI (it cannot cancel a job) and nothing is recorded, so a later <c>tasks/get</c> reports the job as dryAPI has it.</summary>
    private static ValueTask<JsonNode?> CancelAsync(TaskCall call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(call.Form == TaskForm.Extension
            ? Node(new EmptyResult { ResultType = "complete", Meta = new JsonObject { [NoticeKey] = JobTasks.CancelNotice(call.Ticket) } })
            : Node(call.Tasks.Cancelled(call.TaskId, call.Ticket).InAugmentedForm()));

    /// <summary>Acknowledged: these tasks never ask for input, so there is nothing to update.</summary>
    private static ValueTask<JsonNode?> UpdateAsync(TaskCall call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Node(new EmptyResult { ResultType = "complete" }));

    /// <summary>On 2025-11-25, <c>initialize</c> declares <c>capabilities.tasks</c> and <c>tools/list</c> marks the job tools; the SDK's types have neither field.</summary>
    private static void AdvertiseAugmentedTasks(MessageContext context)
    {
        if (context.JsonRpcMessage is not JsonRpcResponse { Result: JsonObject result })
        {
            return;
        }

        if (result["capabilities"] is JsonObject capabilities && result["serverInfo"] is not null)
        {
            if (result["protocolVersion"]?.GetValue<string>() == AugmentedRevision)
            {
                capabilities["tasks"] = new JsonObject { ["cancel"] = new JsonObject(), ["requests"] = new JsonObject { ["tools"] = new JsonObject { ["call"] = new JsonObject() } } };
            }
        }
        else if (result["tools"] is JsonArray listed
                 && (context.JsonRpcMessage.Context?.ProtocolVersion ?? context.Server.NegotiatedProtocolVersion) == AugmentedRevision)
        {
            var offered = context.Server.ServerOptions.ToolCollection;
            foreach (var tool in listed.OfType<JsonObject>().Where(tool => tool["name"]?.GetValue<string>() is { } name
                         && offered is not null && offered.TryGetPrimitive(name, out var primitive) && primitive is DryApiTool { RunsJobs: true }))
            {
                tool["execution"] = new JsonObject { ["taskSupport"] = "optional" };
            }
        }
    }

    /// <summary>A <c>tasks/*</c> method; <paramref name="only"/> names the one wire form that has it.</summary>
    private static McpServerRequestHandler Handler(string method, Func<TaskCall, CancellationToken, ValueTask<JsonNode?>> handle, TaskForm? only = null) => new()
    {
        Method = method,
        RoutingNameParameter = "taskId",
        Handler = async (context, cancellationToken) => await handle(await TaskCall.OpenAsync(context, method, only), cancellationToken),
    };

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, TaskJson.Info<T>());

    private static T Service<T>(MessageContext context)
        where T : notnull =>
        (context.Services ?? throw new InvalidOperationException("The MCP server has no request services.")).GetRequiredService<T>();

    /// <summary>A <c>tasks/*</c> request: its form, the caller, and the ticket its task id stands for (or a refusal).</summary>
    private sealed record TaskCall(TaskForm Form, string TaskId, JobTicket Ticket, Client.DryApiCredential Caller, JobTasks Tasks, TimeSpan WaitBudget)
    {
        public static async Task<TaskCall> OpenAsync(RequestContext<JsonNode?> context, string method, TaskForm? only)
        {
            var modern = TaskForms.IsModern(context.JsonRpcRequest);
            var form = modern ? TaskForm.Extension : TaskForm.Augmented;
            if (only is { } required && required != form)
            {
                throw new McpProtocolException(
                    required == TaskForm.Augmented
                        ? $"{method} belongs to the 2025-11-25 form of tasks; on 2026-07-28, tasks/get returns the result."
                        : $"{method} belongs to the 2026-07-28 tasks extension.",
                    McpErrorCode.MethodNotFound);
            }

            if (modern && !TaskForms.DeclaresExtension(context.JsonRpcRequest))
            {
                throw new MissingRequiredClientCapabilityException(
                    new ClientCapabilities { Extensions = new Dictionary<string, object> { [TaskForms.ExtensionId] = new JsonObject() } },
                    $"{method} needs the {TaskForms.ExtensionId} extension in this request's _meta/{MetaKeys.ClientCapabilities}.extensions.");
            }

            var taskId = context.Params?["taskId"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            var caller = Service<CallerCredential>(context).Credential;
            var tasks = Service<JobTasks>(context);
            var ticket = await tasks.OpenAsync(taskId, caller)
                ?? throw new McpProtocolException(
                    "Task not found: params.taskId must be a task id this server returned to this API key within the last " +
                    $"{JobTasks.Lifetime.TotalHours:0} hours. For an older job, call check_job_status with its request_id.",
                    McpErrorCode.InvalidParams);
            var waitBudget = ClientWaitBudgets.Remaining(
                context.Services!, context.Server.ClientInfo?.Name, wantsProgress: false, Service<TimeProvider>(context).GetTimestamp());
            return new TaskCall(form, taskId!, ticket, caller, tasks, waitBudget);
        }
    }
}
