using System.Net.Http.Headers;
using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Shutdown;

/// <summary>
/// A simulator whose jobs run for an hour, and job tool calls in flight against a server in front of it, one key per
/// call, so the journal shows exactly what each call submitted. Shared by the HTTP, SIGTERM and stdio shutdown tests.
/// </summary>
internal sealed class ShutdownScenario : IAsyncDisposable
{
    /// <summary>One tool per job kind (image, video, audio, text): each waits for a job that will not finish during the test.</summary>
    public static readonly IReadOnlyList<string> WaitingTools = ["text_to_image", "text_to_video", "text_to_audio", "text_to_embedding"];

    private static readonly string[] RunningStatuses = ["pending", "processing"];

    private readonly List<Call> calls = [];

    private ShutdownScenario(RunningSimulator simulator) => Simulator = simulator;

    public RunningSimulator Simulator { get; }

    public IReadOnlyList<Call> Calls => calls;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public static async Task<ShutdownScenario> StartAsync() =>
        new(await RunningSimulator.StartAsync(options =>
        {
            foreach (var kind in Enum.GetValues<JobKind>())
            {
                options.JobDurations[kind] = TimeSpan.FromHours(1);
            }
        }, cancellationToken: CancellationToken));

    public string NewKey()
    {
        var key = $"{Random.Shared.Next(1, 100_000)}|shutdown-{Guid.NewGuid():N}";
        Simulator.Accounts.Add(key, 1000m, RateTier.Unlimited);
        return key;
    }

    /// <summary>Starts <paramref name="tool"/> with its sample arguments on <paramref name="client"/> and keeps the pending call.</summary>
    public async Task<Call> StartAsync(string tool, string key, McpClient client)
    {
        var arguments = await ToolSamples.All[tool].Arguments(client);
        var call = new Call(tool, key, client.CallToolAsync(tool, arguments, cancellationToken: CancellationToken).AsTask());
        calls.Add(call);
        return call;
    }

    /// <summary>The submissions of <paramref name="call"/>'s job that reached the simulator (status 0 while still being handled).</summary>
    public IReadOnlyList<RecordedRequest> SubmissionsOf(Call call) =>
        [.. Simulator.Journal.Entries.Where(entry =>
            entry.ApiKey == call.Key && entry.OperationId == ToolSamples.All[call.Tool].Operation.Contract.OperationId)];

    /// <summary>Every request made with <paramref name="key"/> that reached the simulator.</summary>
    public IReadOnlyList<RecordedRequest> RequestsBy(string key) => [.. Simulator.Journal.Entries.Where(entry => entry.ApiKey == key)];

    /// <summary>Waits (at most 30 s) until every call has been answered by dryAPI's submission endpoint.</summary>
    public Task AllSubmittedAsync() =>
        Waits.UntilAsync(() => calls.All(call => SubmissionsOf(call) is [{ StatusCode: 200 }]), "every job to be submitted");

    /// <summary>The status dryAPI (the simulator) gives the job <paramref name="requestId"/> when asked with <paramref name="key"/>.</summary>
    public async Task<string?> StatusAtDryApiAsync(string requestId, string key)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Simulator.BaseAddress, $"api/v1/client/request-status/{requestId}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken));
        var root = body.RootElement.TryGetProperty("data", out var data) ? data : body.RootElement;
        return root.GetProperty("status").GetString();
    }

    /// <summary>
    /// Asserts that <paramref name="call"/> was answered with its job's handle: not an error, the request_id dryAPI gave
    /// its one submission (the simulator knows it for this key), the job's status, and the way to follow it.
    /// </summary>
    public async Task AssertHandedBackAsync(Call call, CallToolResult result)
    {
        var context = $"{call.Tool}: {result.Text()}";
        Assert.True(result.IsError != true, context);
        Assert.True(SubmissionsOf(call) is [{ StatusCode: 200 }], $"{context}\nsubmissions: {SubmissionsOf(call).Count}");
        var outcome = result.StructuredContent!.Value;
        var requestId = outcome.GetProperty("request_id").GetString();
        Assert.False(string.IsNullOrEmpty(requestId), context);
        Assert.Contains(outcome.GetProperty("status").GetString(), RunningStatuses);
        Assert.Contains("restarting", result.Text(), StringComparison.Ordinal);
        Assert.Contains($"check_job_status with request_id \"{requestId}\"", result.Text(), StringComparison.Ordinal);
        Assert.Contains(await StatusAtDryApiAsync(requestId!, call.Key), RunningStatuses);
    }

    public async ValueTask DisposeAsync() => await Simulator.DisposeAsync();

    internal sealed record Call(string Tool, string Key, Task<CallToolResult> Result);
}
