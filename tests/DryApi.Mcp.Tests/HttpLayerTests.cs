using System.Net;
using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Support;
using static DryApi.Mcp.Tests.Support.RawMcpRequest;

namespace DryApi.Mcp.Tests;

/// <summary>The Streamable HTTP layer as a raw HTTP client sees it: statuses, headers and JSON-RPC errors.</summary>
public sealed class HttpLayerTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private const int HeaderMismatch = -32020;
    private const int MethodNotFound = -32601;

    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Request_without_credentials_is_challenged()
    {
        var answer = await SendAsync(Post(harness.Endpoint, Call("tools/list"), key: null));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        var challenge = Assert.Single(answer.Response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("invalid_request", ChallengeParameter(challenge, "error"));
        Assert.StartsWith("No API key was sent. Set the Authorization header", ChallengeParameter(challenge, "error_description"), StringComparison.Ordinal);
        Assert.Contains("No API key was sent", answer.Message?["error"]?["message"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string? ChallengeParameter(System.Net.Http.Headers.AuthenticationHeaderValue challenge, string name) =>
        System.Text.RegularExpressions.Regex.Match(challenge.Parameter ?? "", $@"\b{name}=""([^""]*)""") is { Success: true } match ? match.Groups[1].Value : null;

    [Fact]
    public async Task Client_that_does_not_accept_event_streams_gets_406()
    {
        var answer = await SendAsync(Post(harness.Endpoint, Call("tools/list"), harness.NewKey(), accept: "application/json"));

        Assert.Equal(HttpStatusCode.NotAcceptable, answer.Status);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Streams_and_sessions_are_not_offered(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), harness.Endpoint);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + harness.NewKey());

        var answer = await SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.Status);
        Assert.Contains("POST", answer.Response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Unsupported_protocol_version_is_refused_with_the_versions_discovery_advertises()
    {
        var answer = await SendAsync(Post(harness.Endpoint, Call("tools/list"), harness.NewKey(),
            new Dictionary<string, string> { ["MCP-Protocol-Version"] = "1999-01-01" }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var supported = answer.Message?["error"]?["data"]?["supported"]?.AsArray().Select(node => node!.GetValue<string>()).ToList();
        Assert.Equal([Modern], supported);
        Assert.Contains("2025-11-25", answer.Message?["error"]?["message"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Foreign_browser_origin_is_refused()
    {
        var answer = await SendAsync(Post(harness.Endpoint, Call("tools/list"), harness.NewKey(),
            new Dictionary<string, string> { ["Origin"] = "https://evil.example" }));

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
    }

    [Theory]
    [InlineData("http://localhost:6274")]
    [InlineData("http://127.0.0.1:5173")]
    public async Task Loopback_origin_is_allowed(string origin)
    {
        var answer = await SendAsync(Post(harness.Endpoint, Call("tools/list"), harness.NewKey(),
            new Dictionary<string, string> { ["Origin"] = origin, ["MCP-Protocol-Version"] = Legacy }));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.NotNull(answer.Message?["result"]?["tools"]);
    }

    [Fact]
    public async Task Notification_is_accepted_with_202_and_no_body()
    {
        var answer = await SendAsync(Post(harness.Endpoint, Notification("notifications/initialized"), harness.NewKey(),
            new Dictionary<string, string> { ["MCP-Protocol-Version"] = Legacy }));

        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        Assert.Empty(answer.Body);
    }

    [Fact]
    public async Task Modern_request_without_Mcp_Method_is_a_header_mismatch()
    {
        var headers = new Dictionary<string, string> { ["MCP-Protocol-Version"] = Modern };

        var answer = await SendAsync(Post(harness.Endpoint, Call("tools/list", metaVersion: Modern), harness.NewKey(), headers));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(HeaderMismatch, ErrorCode(answer));
        Assert.Contains("Mcp-Method", answer.Message?["error"]?["message"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Modern_tool_call_whose_Mcp_Name_differs_from_the_body_is_refused()
    {
        var key = harness.NewKey();
        var body = Call("tools/call", new JsonObject { ["name"] = "get_balance", ["arguments"] = new JsonObject() }, metaVersion: Modern);

        var answer = await SendAsync(Post(harness.Endpoint, body, key, ModernHeaders("tools/call", "get_available_models")));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(HeaderMismatch, ErrorCode(answer));
        Assert.Empty(harness.RequestsBy(key));
    }

    [Fact]
    public async Task Modern_tool_call_with_matching_headers_is_served()
    {
        var key = harness.NewKey(balance: 4m);
        var body = Call("tools/call", new JsonObject { ["name"] = "get_balance", ["arguments"] = new JsonObject() }, metaVersion: Modern);

        var answer = await SendAsync(Post(harness.Endpoint, body, key, ModernHeaders("tools/call", "get_balance")));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(4m, answer.Message?["result"]?["structuredContent"]?["balance_usd"]?.GetValue<decimal>());
    }

    [Fact]
    public async Task Initialize_does_not_exist_on_the_modern_revision()
    {
        var parameters = new JsonObject
        {
            ["protocolVersion"] = Modern,
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1.0" },
        };

        var answer = await SendAsync(Post(harness.Endpoint, Call("initialize", parameters, metaVersion: Modern), harness.NewKey(), ModernHeaders("initialize")));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal(MethodNotFound, ErrorCode(answer));
    }

    [Fact]
    public async Task Unknown_method_on_the_modern_revision_is_404()
    {
        var answer = await SendAsync(Post(harness.Endpoint, Call("tools/frobnicate", metaVersion: Modern), harness.NewKey(), ModernHeaders("tools/frobnicate")));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal(MethodNotFound, ErrorCode(answer));
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task Event_stream_responses_are_not_buffered_or_cached(string version)
    {
        var modern = version == Modern;
        var answer = await SendAsync(Post(harness.Endpoint, Call("tools/list", metaVersion: modern ? Modern : null), harness.NewKey(),
            modern ? ModernHeaders("tools/list") : new Dictionary<string, string> { ["MCP-Protocol-Version"] = Legacy }));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/event-stream", answer.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["no"], answer.Response.Headers.GetValues("X-Accel-Buffering"));
        Assert.True(answer.Response.Headers.CacheControl?.NoCache, $"Cache-Control: {answer.Response.Headers.CacheControl}");
        Assert.NotNull(answer.Message?["result"]?["tools"]);
    }

    private static int? ErrorCode(RawAnswer answer) => answer.Message?["error"]?["code"]?.GetValue<int>();

    private static async Task<RawAnswer> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return new RawAnswer(response, body, ResponseMessage(body, response.Content.Headers.ContentType?.MediaType));
        }
    }

    private sealed record RawAnswer(HttpResponseMessage Response, string Body, JsonNode? Message)
    {
        public HttpStatusCode Status => Response.StatusCode;
    }
}
