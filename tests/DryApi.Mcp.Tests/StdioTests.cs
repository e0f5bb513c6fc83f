using System.Text.Json;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests;

/// <summary>The server launched as a local process over stdio, as desktop clients run it, driven by the SDK's stdio client.</summary>
public sealed class StdioTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    /// <summary>
    /// The server answers server/discover once it has started; a start slowed by a busy machine must not pass for an
    /// initialize-only server (the client's 5-second probe would then fall back to initialize mid-negotiation).
    /// </summary>
    private static McpClientOptions ClientOptions => new() { DiscoverProbeTimeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task The_stdio_server_lists_the_same_tools_and_runs_a_job_end_to_end()
    {
        var stderr = new List<string>();
        await using var client = await McpClient.CreateAsync(Launch(["--stdio", "--demo"], stderr), ClientOptions, cancellationToken: CancellationToken);

        var tools = await client.ListToolsAsync(cancellationToken: CancellationToken);
        var balance = await client.CallToolAsync("get_balance", cancellationToken: CancellationToken);
        var image = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        var context = $"stderr:\n{string.Join('\n', Lines(stderr))}\nimage result: {image.Text()}";
        Assert.True(tools.Count == 47, context);
        Assert.True(balance.IsError != true, context);
        Assert.Equal(100m, balance.StructuredContent!.Value.GetProperty("balance_usd").GetDecimal());
        Assert.True(image.IsError != true, context);
        Assert.True(image.StructuredContent!.Value.GetProperty("status").GetString() == "done", context);
        Assert.Contains(image.Content, block => block is ResourceLinkBlock { MimeType: "image/png" });
        Assert.True(Lines(stderr).Any(line => line.Contains("DEMO MODE", StringComparison.Ordinal)), context);
        Assert.False(Lines(stderr).Any(line => line.Contains("header", StringComparison.OrdinalIgnoreCase)), "A stdio user sends no header: " + context);
    }

    [Fact]
    public async Task The_stdio_server_offers_the_model_resources_the_media_viewer_and_their_completions()
    {
        var stderr = new List<string>();
        await using var client = await McpClient.CreateAsync(Launch(["--stdio", "--demo"], stderr), ClientOptions, cancellationToken: CancellationToken);

        var resources = await client.ListResourcesAsync(cancellationToken: CancellationToken);
        var models = await client.ReadResourceAsync("dryapi://models/txt2img", cancellationToken: CancellationToken);
        var types = await client.CompleteAsync(
            new ResourceTemplateReference { Uri = "dryapi://models/{inference_type}" }, "inference_type", "txt2i", cancellationToken: CancellationToken);

        var context = $"stderr:\n{string.Join('\n', Lines(stderr))}";
        Assert.True(resources.Select(resource => resource.Uri).SequenceEqual(["dryapi://models", "ui://dryapi/media-viewer.html"]), context);
        var list = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(models.Contents)).Text).RootElement;
        Assert.Contains(list.GetProperty("models").EnumerateArray(), model => model.GetProperty("slug").GetString() == "Flux1schnell");
        Assert.Equal(["txt2img"], types.Completion.Values);
    }

    [Fact]
    public async Task Over_stdio_jobs_carry_no_webhook_even_with_a_public_url_configured()
    {
        await using var simulator = await DryApi.Simulator.RunningSimulator.StartAsync(cancellationToken: CancellationToken);
        var key = $"5|stdio-{Guid.NewGuid():N}";
        simulator.Accounts.Add(key, 100m, DryApi.Simulator.RateTier.Unlimited);
        var stderr = new List<string>();
        await using var client = await McpClient.CreateAsync(
            Launch(["--stdio", "--DryApi:BaseUrl", simulator.BaseAddress.ToString(), "--Auth:PublicBaseUrl", "https://mcp.example.com"], stderr, key),
            ClientOptions,
            cancellationToken: CancellationToken);

        var image = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        Assert.True(image.IsError != true, $"stderr:\n{string.Join('\n', Lines(stderr))}\nimage result: {image.Text()}");
        var submission = Assert.Single(simulator.Journal.Entries, entry => entry.Path.EndsWith("/txt2img", StringComparison.Ordinal));
        Assert.False(submission.Fields.ContainsKey("webhook_url"));
    }

    [Fact]
    public async Task The_stdio_server_with_a_sealing_key_answers_a_client_declaring_tasks_with_a_task_it_can_follow()
    {
        var stderr = new List<string>();
        var options = ClientOptions;
        options.Capabilities = Tasks.TaskClient.DeclaringTasks;
        await using var client = await McpClient.CreateAsync(
            Launch(["--stdio", "--demo"], stderr, environment: Tasks.TaskHarness.SealingKey), options, cancellationToken: CancellationToken);
        var tasks = new Tasks.TaskClient(client, client.NegotiatedProtocolVersion!);

        var created = await tasks.CallAsync("text_to_image", ToolSamples.TextToImage());
        var taskId = tasks.TaskIn(created)["taskId"]!.GetValue<string>();
        var finished = await tasks.PollUntilDoneAsync(taskId);
        var image = await tasks.FinalResultAsync(taskId, finished);

        var context = $"stderr:\n{string.Join('\n', Lines(stderr))}\ncreated: {created.ToJsonString()}";
        Assert.True(tasks.IsModern, context);
        Assert.True(created["resultType"]?.GetValue<string>() == "task", context);
        Assert.True(finished["status"]!.GetValue<string>() == "completed", context);
        Assert.Contains(image.Content, block => block is ResourceLinkBlock { MimeType: "image/png" });
    }

    [Fact]
    public async Task Without_a_key_the_stdio_server_exits_saying_which_variable_to_set()
    {
        var stderr = new List<string>();

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var client = await McpClient.CreateAsync(Launch(["--stdio"], stderr, key: string.Empty), cancellationToken: CancellationToken);
        });

        Assert.Contains(Lines(stderr), line => line.Contains("DRYAPI_API_KEY", StringComparison.Ordinal));
    }

    private static string[] Lines(List<string> stderr)
    {
        lock (stderr)
        {
            return [.. stderr];
        }
    }

    private static StdioClientTransport Launch(
        string[] arguments, List<string> stderr, string? key = null, IReadOnlyDictionary<string, string?>? environment = null) => new(new StdioClientTransportOptions
    {
        Name = "dryapi-mcp",
        Command = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "DryApi.Mcp.dll"), .. arguments],
        EnvironmentVariables = new Dictionary<string, string?>(
            (environment ?? new Dictionary<string, string?>()).Select(setting => KeyValuePair.Create(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value)))
        {
            ["DRYAPI_API_KEY"] = key,
        },
        StandardErrorLines = line =>
        {
            lock (stderr)
            {
                stderr.Add(line);
            }
        },
    });
}
