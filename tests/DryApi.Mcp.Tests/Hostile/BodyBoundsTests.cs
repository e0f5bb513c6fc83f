using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
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
        using var slow = await StartSlowBodyAsync(harness, slowKey, declaredLength: 900_000);

        var refused = await UntilAsync(() => PostAsync(harness, key, CallWithPadding("get_balance", 200_000)), answer => answer.Status != HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal("5", refused.RetryAfter);
        Assert.Contains("Mcp:MaxRequestBodyBytesInFlight", refused.Body, StringComparison.Ordinal);
        Assert.Empty(harness.RequestsBy(key));

        // The slow sender goes away; the room its body held is returned.
        slow.Dispose();
        var later = await UntilAsync(() => PostAsync(harness, key, CallWithPadding("get_balance", 200_000)), answer => answer.Status == HttpStatusCode.OK);
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

    /// <summary>A request on a socket whose headers declare <paramref name="declaredLength"/> bytes of body, of which only a few come.</summary>
    private static async Task<TcpClient> StartSlowBodyAsync(McpServerHarness harness, string key, long declaredLength)
    {
        var client = new TcpClient();
        await client.ConnectAsync(harness.Endpoint.Host, harness.Endpoint.Port, CancellationToken);
        var head = $"POST {harness.Endpoint.AbsolutePath} HTTP/1.1\r\nHost: {harness.Endpoint.Authority}\r\nAuthorization: Bearer {key}\r\n" +
                   $"Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\nContent-Length: {declaredLength}\r\n\r\n" +
                   "{\"jsonrpc\":";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head), CancellationToken);
        return client;
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
