using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Hostile;

/// <summary>
/// A corpus of malformed HTTP and JSON-RPC requests to <c>/mcp</c>: each gets a 4xx or a JSON-RPC error (a 202 for a
/// notification or response the server need not answer; a tool error for a malformed tool call), never a 5xx, and
/// the server still serves valid calls afterwards without having logged an error.
/// </summary>
public sealed class MalformedRequestTests
{
    private const long BodyLimit = 1024 * 1024;

    /// <summary>
    /// A small body limit keeps oversized cases cheap; a strict Host list makes the Host cases meaningful. The corpus is
    /// sent all at once, so the server-wide body budget is set above it (<see cref="BodyBudgetTests"/> tests the budget).
    /// </summary>
    private static readonly McpHarnessSettings Settings = new()
    {
        Configuration = new Dictionary<string, string?>
        {
            ["AllowedHosts"] = "localhost;127.0.0.1",
            ["Mcp:MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mcp:MaxRequestBodyBytesInFlight"] = (2L * 1024 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    [Fact]
    public async Task Every_malformed_request_is_refused_without_a_server_error()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var harness = await McpServerHarness.StartAsync(Settings);
        var key = harness.NewKey();
        var corpus = MalformedRequests.All(key, BodyLimit);
        var failures = new ConcurrentBag<string>();
        using var http = new HttpClient();

        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (malformed, token) =>
        {
            try
            {
                using var request = malformed.Build(harness.Endpoint);
                using var response = await http.SendAsync(request, token);
                var body = await response.Content.ReadAsStringAsync(token);
                if (Judge(malformed, response, body) is { } failure)
                {
                    failures.Add($"{malformed}: {failure}");
                }
            }
            catch (HttpRequestException exception)
            {
                failures.Add($"{malformed}: the connection failed: {exception.Message}");
            }
        });

        var raw = 0;
        foreach (var (name, build) in RawSocketRequests.All)
        {
            raw++;
            var status = await RawSocketRequests.SendAsync(harness.ServerUri, build(harness.ServerUri.Authority, key), cancellationToken);
            // RFC 9110 prescribes 505 for a request in an HTTP version the server does not speak; Kestrel answers it before the application.
            if (status is >= 500 && !(status == 505 && name == RawSocketRequests.UnsupportedVersion))
            {
                failures.Add($"broken framing: {name}: {status}");
            }
        }

        await using var client = await harness.ConnectAsync(key);
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
        var balance = await client.CallToolAsync("get_balance", cancellationToken: cancellationToken);
        var serverErrors = harness.Logs.Lines.Where(line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{corpus.Count + raw} malformed requests: " +
            string.Join("; ", corpus.GroupBy(malformed => malformed.Category, StringComparer.Ordinal).Select(category => $"{category.Key} {category.Count()}")) +
            $"; broken framing {raw}");

        Assert.True(corpus.Count + raw >= 500, $"The corpus has only {corpus.Count + raw} requests.");
        Assert.True(serverErrors.Count == 0, $"The server logged {serverErrors.Count} error(s), e.g.:\n" + string.Join("\n", serverErrors.Select(line => line[..Math.Min(line.Length, 2000)]).Take(3)));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {corpus.Count + raw} malformed requests were not refused cleanly:\n" + string.Join("\n", failures.OrderBy(failure => failure, StringComparer.Ordinal)));
        Assert.Equal(47, tools.Count);
        Assert.NotEqual(true, balance.IsError);
    }

    /// <summary>Why the answer to <paramref name="malformed"/> is wrong, or null when it is a clean refusal.</summary>
    private static string? Judge(MalformedRequest malformed, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"{status} {Shorten(body)}";
        }

        if (status >= 400)
        {
            return null;
        }

        if (status == (int)HttpStatusCode.Accepted && malformed.Allowed == Allowed.AcceptedWithoutBody && body.Length == 0)
        {
            return null;
        }

        JsonNode? message;
        try
        {
            message = RawMcpRequest.ResponseMessage(body, response.Content.Headers.ContentType?.MediaType);
        }
        catch (System.Text.Json.JsonException)
        {
            return $"{status} with a body that is no JSON-RPC message: {Shorten(body)}";
        }

        if (message?["error"] is JsonObject error && error["code"] is JsonValue)
        {
            return null;
        }

        if (malformed.Allowed == Allowed.ToolError && message?["result"]?["isError"]?.GetValue<bool>() == true)
        {
            return null;
        }

        return $"{status} without an error: {Shorten(body)}";
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
