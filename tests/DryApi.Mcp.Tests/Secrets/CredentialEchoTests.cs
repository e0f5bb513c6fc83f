using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Auth;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;

namespace DryApi.Mcp.Tests.Secrets;

/// <summary>
/// Error answers never echo the caller's credential: every error path reachable with a bad or odd key, over MCP and
/// OAuth, answers without the key in the tool result, the JSON-RPC error, the HTTP body or any header. Each key
/// carries a fresh GUID, and the GUID must not come back in any form (quoted, escaped or cut short). The key page of
/// /authorize is held to the same in AuthorizationFlowTests.
/// </summary>
public sealed class CredentialEchoTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mcp_answers_to_bad_and_odd_keys_never_echo_the_key()
    {
        await using var harness = await McpServerHarness.StartAsync(McpHarnessSettings.Default);
        var suspended = Distinct("suspended");
        harness.Simulator.Accounts.Add(suspended.Key, 100m, RateTier.Unlimited, suspended: true);
        var revokedMidCall = Distinct("revoked");
        harness.Simulator.Accounts.Add(revokedMidCall.Key, 100m, RateTier.Unlimited);
        harness.Simulator.Faults.Add(new FaultRule(FaultKind.Status) { ApiKey = revokedMidCall.Key, PathContains = "request-status", StatusCode = 401, Count = null });
        var inArgument = Distinct("argument");
        harness.Simulator.Accounts.Add(inArgument.Key, 100m, RateTier.Unlimited);

        var cases = new List<(string Case, DistinctKey Key, JsonObject Call)>
        {
            ("unknown key, balance", Distinct("unknown"), Tool("get_balance", [])),
            ("unknown key, paid job", Distinct("unknown"), Tool("text_to_image", Arguments(ToolSamples.TextToImage()))),
            ("suspended account", suspended, Tool("text_to_image", Arguments(ToolSamples.TextToImage()))),
            ("key with spaces and quotes", Distinct("odd", secretSuffix: " and \"quoted\" words"), Tool("get_balance", [])),
            ("key that looks like a URL", Distinct("url", prefix: "https://evil.example/collect?key="), Tool("get_balance", [])),
            ("401 from dryAPI while the job is followed", revokedMidCall, Tool("text_to_image", Arguments(ToolSamples.TextToImage()))),
            ("key as the model slug", inArgument, Tool("text_to_image", Arguments(ToolSamples.TextToImage()).With("model", inArgument.Key))),
            ("key as the voice", inArgument, Tool("text_to_audio", new JsonObject { ["text"] = "hello", ["voice"] = inArgument.Key })),
            ("key as a file URL", inArgument, Tool("image_upscale", new JsonObject { ["image"] = "https://example.invalid/" + inArgument.Key })),
            ("key as a request_id", inArgument, Tool("check_job_status", new JsonObject { ["request_id"] = inArgument.Key })),
        };

        using var http = new HttpClient();
        foreach (var (name, key, call) in cases)
        {
            using var request = RawMcpRequest.Post(
                harness.Endpoint, call, null, new Dictionary<string, string> { ["MCP-Protocol-Version"] = RawMcpRequest.Legacy });
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Key);
            using var response = await http.SendAsync(request, CancellationToken);
            var answer = await Answer(response);

            Assert.True(answer.Contains("\"result\"", StringComparison.Ordinal) || answer.Contains("\"error\"", StringComparison.Ordinal), $"{name}: {answer}");
            key.AssertAbsentFrom(answer, name);
        }
    }

    [Fact]
    public async Task Oauth_answers_to_bad_and_odd_client_secrets_and_bearers_never_echo_the_key()
    {
        await using var host = await OAuthHost.StartAsync();
        using var browser = host.CreateBrowser();
        var keys = new[]
        {
            Distinct("unknown"),
            Distinct("crlf", secretSuffix: "\r\nX-Injected: 1"),
            Distinct("url", prefix: "https://evil.example/collect?key="),
            Distinct("odd", secretSuffix: " and \"quoted\" words"),
        };

        foreach (var key in keys)
        {
            var asPost = await browser.PostAsync(new Uri("/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = "dryapi-mcp",
                ["client_secret"] = key.Key,
            }), CancellationToken);
            key.AssertAbsentFrom(await Answer(asPost), "client_secret_post");

            using var basic = new HttpRequestMessage(HttpMethod.Post, new Uri("/token", UriKind.Relative))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
            };
            basic.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"dryapi-mcp:{Uri.EscapeDataString(key.Key)}")));
            key.AssertAbsentFrom(await Answer(await browser.SendAsync(basic, CancellationToken)), "client_secret_basic");

            if (!key.Key.Contains('\n', StringComparison.Ordinal))
            {
                using var mcp = RawMcpRequest.Post(
                    new Uri(host.BaseUrl, "/mcp"), Tool("get_balance", []), null,
                    new Dictionary<string, string> { ["MCP-Protocol-Version"] = RawMcpRequest.Legacy });
                mcp.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key.Key);
                key.AssertAbsentFrom(await Answer(await browser.SendAsync(mcp, CancellationToken)), "raw key as bearer");
            }
        }
    }

    /// <summary>Status, every header and the body of a response, as one text to search.</summary>
    private static async Task<string> Answer(HttpResponseMessage response)
    {
        using (response)
        {
            var headers = response.Headers.Concat(response.Content.Headers).Select(header => $"{header.Key}: {string.Join(", ", header.Value)}");
            return $"{(int)response.StatusCode}\n{string.Join('\n', headers)}\n\n{await response.Content.ReadAsStringAsync(CancellationToken)}";
        }
    }

    private static JsonObject Tool(string name, JsonObject arguments) =>
        RawMcpRequest.Call("tools/call", new JsonObject { ["name"] = name, ["arguments"] = arguments });

    private static JsonObject Arguments(Dictionary<string, object?> arguments) =>
        JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(arguments))!.AsObject();

    private static DistinctKey Distinct(string label, string prefix = "", string secretSuffix = "") =>
        new($"{prefix}{Random.Shared.Next(100, 100_000)}|{label}-{Guid.NewGuid():N}{secretSuffix}");

    /// <summary>A key whose GUID identifies it in any rendering of it.</summary>
    private sealed record DistinctKey(string Key)
    {
        private string Guid => Key[(Key.IndexOf('-', Key.IndexOf('|', StringComparison.Ordinal)) + 1)..][..32];

        public void AssertAbsentFrom(string answer, string path)
        {
            // Half the GUID is enough to recognise a key cut short or wrapped.
            Assert.False(answer.Contains(Guid[..16], StringComparison.OrdinalIgnoreCase), $"{path} echoed the key {Key}:\n{answer}");
        }
    }
}

internal static class JsonObjectWith
{
    public static JsonObject With(this JsonObject json, string name, string value)
    {
        json[name] = value;
        return json;
    }
}
