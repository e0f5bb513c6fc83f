using System.Text.Json;
using DryApi.Client;
using DryApi.Client.Contract;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tools.Files;
using DryApi.Mcp.Tasks;
using DryApi.Mcp.Tools.Models;
using DryApi.Mcp.Tools.Results;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Tools;

/// <summary>One <c>tools/call</c>: its arguments, the caller's dryAPI client, and the way back to the client for progress.</summary>
internal sealed class ToolCall(RequestContext<CallToolRequestParams> request)
{
    private readonly long startedAt = (request.Services?.GetService<TimeProvider>() ?? TimeProvider.System).GetTimestamp();
    private DryApiClient? client;

    public IDictionary<string, JsonElement>? Arguments => request.Params?.Arguments;

    public bool WantsProgress => request.Params?.ProgressToken is not null;

    /// <summary>Whether the calling client renders MCP Apps (see <see cref="AppsHosts"/>).</summary>
    public bool RendersApps => AppsHosts.RendersApps(request);

    /// <summary>Set when the client asked for a task: the job is submitted, then handed over here instead of waited for.</summary>
    public JobTaskRequest? TaskRequest => request.Items.TryGetValue(JobTaskRequest.ItemKey, out var value) ? value as JobTaskRequest : null;

    public IServiceProvider Services => request.Services ?? throw new InvalidOperationException("The MCP server has no request services.");

    public DryApiCredential Credential => Services.GetRequiredService<CallerCredential>().Credential;

    public DryApiClient Client => client ??= Services.GetRequiredService<DryApiClientFactory>().Create(Credential);

    /// <summary>
    /// How long this call may still wait for a job: its client's budget (<c>Mcp:ClientWaitBudgets</c>, found by the
    /// clientInfo the request carries or its User-Agent; else <c>Mcp:WaitBudget</c>) less the time since the request arrived.
    /// </summary>
    public TimeSpan RemainingWaitBudget() =>
        ClientWaitBudgets.Remaining(Services, request.Server.ClientInfo?.Name, WantsProgress, startedAt);

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The call's arguments as <typeparamref name="TArguments"/>, refused when a name is given twice (JSON keeps only one).</summary>
    public TArguments Bind<TArguments>()
        where TArguments : class
    {
        if (Get<ToolCallBody>().RepeatedArguments is [var repeated, ..])
        {
            throw new ToolArgumentException(repeated, "is given more than once. Give each argument once.");
        }

        return ToolArguments.Bind<TArguments>(Arguments);
    }

    /// <summary>
    /// Resolves bound arguments into a request, after downloading the URLs given for <paramref name="fileFieldsOf"/>'s
    /// file fields (a price tool passes the operation it quotes, so a quote and a run read the same files).
    /// </summary>
    public Task<TResult> ResolveAsync<TArguments, TResult>(
        TArguments arguments, IDryApiOperation fileFieldsOf, Func<TArguments, TResult> resolve, CancellationToken cancellationToken) =>
        ResolveAsync(arguments, fileFieldsOf, model: null, resolve, cancellationToken);

    /// <summary>
    /// Chooses the model for <paramref name="operation"/>'s inference type (before any file is downloaded, so an unknown
    /// slug costs nothing), then resolves the arguments against it as <see cref="ResolveAsync"/> does.
    /// </summary>
    public async Task<(TResult Request, ModelChoice Model)> ResolveWithModelAsync<TArguments, TResult>(
        TArguments arguments, IDryApiOperation operation, Func<TArguments, ModelChoice, TResult> resolve, CancellationToken cancellationToken)
    {
        var inferenceType = operation.Contract.InferenceType ?? throw new ArgumentException($"{operation} has no inference type.", nameof(operation));
        var model = await Get<ModelSelector>().ChooseAsync(this, inferenceType, cancellationToken);
        var request = await ResolveAsync(arguments, operation, model, bound => resolve(bound, model), cancellationToken);
        return (request, model);
    }

    private async Task<TResult> ResolveAsync<TArguments, TResult>(
        TArguments arguments, IDryApiOperation fileFieldsOf, ModelChoice? model, Func<TArguments, TResult> resolve, CancellationToken cancellationToken)
    {
        var limits = new CallFileLimits(
            Get<FileDownloader>(), Get<IOptions<McpHostOptions>>().Value.MaxFileBytesPerCall, Get<ToolCallBody>());
        var files = await CallFiles.PrepareAsync(Arguments, fileFieldsOf, model, limits, cancellationToken);
        return files.Apply(() => resolve(arguments));
    }

    public async ValueTask ReportProgressAsync(double percent, string message, CancellationToken cancellationToken)
    {
        if (request.Params?.ProgressToken is { } token)
        {
            await request.Server.NotifyProgressAsync(
                token, new ProgressNotificationValue { Progress = (float)percent, Total = 100, Message = message }, cancellationToken: cancellationToken);
        }
    }
}

/// <summary>A resolved request, and the model it was resolved against (none for tools without a model).</summary>
internal sealed record Resolved<TRequest>(TRequest Request, ModelChoice? Model);
