using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Hostile;

/// <summary>
/// What a body may cost before and while it is read: a refused key never gets a large body read (and is remembered),
/// the bodies all calls hold are capped server-wide (503 with Retry-After), and everything but file values is capped.
/// </summary>
public sealed class BodyBoundsTests
{
    private const int OneMiB = 1024 * 1024;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_large_body_with_a_key_dryapi_refuses_gets_401_unread_and_the_verdict_is_remembered()
    {
        await using var harness = await McpServerHarness.StartAsync(new McpHarnessSettings());
        var key = harness.UnknownKey();
        var body = CallWithPadding("get_balance", 2 * OneMiB);

        var first = await PostAsync(harness, key, body);
        var second = await PostAsync(harness, key, body);

        Assert.Equal(HttpStatusCode.Unauthorized, first.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, second.Status);
        var asked = Assert.Single(harness.RequestsBy(key));
        Assert.Equal(DryApiOperations.Balance.Contract.OperationId, asked.OperationId);
    }

    [Fact]
    public async Task A_body_that_would_exceed_the_bytes_in_flight_gets_503_with_retry_after_and_runs_nothing()
    {
        await using var harness = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?>
            {
                ["Mcp:MaxRequestBodyBytes"] = OneMiB.ToString(CultureInfo.InvariantCulture),
                ["Mcp:MaxRequestBodyBytesInFlight"] = OneMiB.ToString(CultureInfo.InvariantCulture),
            },
        });
        var slowKey = harness.NewKey();
        var key = harness.NewKey();
        var held = new Pipe();
        var slow = SendSlowlyAsync(harness, slowKey, declaredLength: 900_000, held.Reader);
        // Enough of the body that the client's send buffer goes out; the rest never comes.
        await held.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":" + new string(' ', 100_000)), CancellationToken);

        var refused = await UntilAsync(() => PostAsync(harness, key, CallWithPadding("get_balance", 200_000)), answer => answer.Status != HttpStatusCode.OK);

        Assert.False(slow.IsCompleted, slow.IsFaulted ? slow.Exception!.ToString() : "the slow request ended");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal("5", refused.RetryAfter);
        Assert.Contains("Mcp:MaxRequestBodyBytesInFlight", refused.Body, StringComparison.Ordinal);
        Assert.Empty(harness.RequestsBy(key));

        await held.Writer.CompleteAsync();
        await slow;
        var later = await PostAsync(harness, key, CallWithPadding("get_balance", 200_000));
        Assert.Equal(HttpStatusCode.OK, later.Status);
    }

    [Fact]
    public async Task A_request_larger_than_the_limit_apart_from_file_values_gets_413_naming_it()
    {
        await using var harness = await McpServerHarness.StartAsync(new McpHarnessSettings());
        var key = harness.NewKey();

        var answer = await PostAsync(harness, key, CallWithPadding("get_balance", 5 * OneMiB));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Contains("Mcp:MaxMessageBytesWithoutFiles", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.RequestsBy(key), entry => entry.OperationId != DryApiOperations.Balance.Contract.OperationId);
    }

    /// <summary>A tools/call whose unknown argument <c>padding</c> makes the body about <paramref name="bytes"/> long.</summary>
    private static byte[] CallWithPadding(string tool, int bytes) => Encoding.UTF8.GetBytes(RawMcpRequest.Call("tools/call", new JsonObject
    {
        ["name"] = tool, ["arguments"] = new JsonObject { ["padding"] = new string('p', bytes) },
    }).ToJsonString());

    private static async Task<(HttpStatusCode Status, string? RetryAfter, string Body)> PostAsync(McpServerHarness harness, string key, byte[] body)
    {
        using var http = new HttpClient();
        using var request = RawMcpRequest.Post(harness.Endpoint, new JsonObject(), key);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // A server that refuses the call answers before the body is sent, as well-behaved clients of large bodies ask.
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request, CancellationToken);
        return (response.StatusCode, response.Headers.RetryAfter?.ToString(), await response.Content.ReadAsStringAsync(CancellationToken));
    }

    /// <summary>A request whose body arrives only as fast as <paramref name="source"/> gives it.</summary>
    private static async Task SendSlowlyAsync(McpServerHarness harness, string key, long declaredLength, PipeReader source)
    {
        using var http = new HttpClient();
        using var request = RawMcpRequest.Post(harness.Endpoint, new JsonObject(), key);
        request.Content = new StreamContent(source.AsStream());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentLength = declaredLength;
        try
        {
            using var response = await http.SendAsync(request, CancellationToken);
        }
        catch (HttpRequestException)
        {
            // The body ends before its declared length; the server refuses it, which is all this request is for.
        }
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> attempt, Func<T, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var result = await attempt();
            if (done(result) || DateTimeOffset.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(50, CancellationToken);
        }
    }
}
