using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Hostile;

/// <summary>Which answers a malformed request may get besides a 4xx: a notification or a response the client posts is accepted with 202.</summary>
internal enum Allowed
{
    RefusalOnly,
    AcceptedWithoutBody,
    ToolError,
}

/// <summary>One malformed request to the MCP endpoint, named so a failure says which.</summary>
internal sealed record MalformedRequest(string Category, string Name, Allowed Allowed, Func<Uri, HttpRequestMessage> Build)
{
    public override string ToString() => $"{Category}: {Name}";
}

/// <summary>
/// The corpus: bad JSON, wrong JSON-RPC shapes, batches and unknown methods (each under every protocol-version header
/// profile), wrong headers on otherwise valid calls, wrong verbs and oversized bodies. Requests on the raw socket
/// (broken framing) are in <see cref="RawSocketRequests"/>.
/// </summary>
internal static class MalformedRequests
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""";

    /// <summary>Header profiles a body is sent under: no version header, each initialize-era revision, the modern one.</summary>
    private static readonly (string Name, string? Version)[] Profiles =
        [("no version header", null), ("2025-03-26", "2025-03-26"), ("2025-11-25", RawMcpRequest.Legacy), ("2026-07-28", RawMcpRequest.Modern)];

    public static IReadOnlyList<MalformedRequest> All(string key, long bodyLimit) =>
    [
        .. UnderEveryProfile("bad JSON", BadJson(), key, Allowed.RefusalOnly),
        .. UnderEveryProfile("JSON-RPC shape", WrongShapes(), key, Allowed.RefusalOnly),
        .. UnderEveryProfile("JSON-RPC shape (message the server need not answer)", UnansweredShapes(), key, Allowed.AcceptedWithoutBody),
        .. UnderEveryProfile("tools/call shape", WrongToolCalls(), key, Allowed.ToolError),
        .. UnderEveryProfile("batch", Batches(), key, Allowed.RefusalOnly),
        .. UnderEveryProfile("unknown method", UnknownMethods(), key, Allowed.RefusalOnly),
        .. WrongHeaders(key),
        .. WrongVerbs(key),
        .. HugeBodies(key, bodyLimit),
    ];

    private static IEnumerable<(string Name, byte[] Body)> BadJson()
    {
        foreach (var text in new[]
                 {
                     "", " ", "{", "}", "[", "]", "null", "true", "42", "\"tools/list\"", "{}", "{\"jsonrpc\":\"2.0\"",
                     "{'jsonrpc':'2.0','id':1,'method':'tools/list'}", "{jsonrpc:\"2.0\",id:1,method:\"tools/list\"}",
                     "/* comment */" + ToolsList, ToolsList + " garbage", ToolsList + "}", ToolsList + ToolsList, ToolsList + ",",
                     "{\"jsonrpc\":\"2.0\",\"id\":1e999999,\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"id\":NaN,\"method\":\"ping\"}",
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":" + new string('[', 1000) + new string(']', 1000) + "}",
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":" + Nest(70) + "}",
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\\ud800\"}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"jsonrpc\":\"1.0\"}",
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"\u0000}", "\t\r\n",
                 })
        {
            yield return (Describe(text), Encoding.UTF8.GetBytes(text));
        }

        for (var cut = 1; cut < ToolsList.Length; cut += 6)
        {
            yield return ($"tools/list cut after {cut} bytes", Encoding.UTF8.GetBytes(ToolsList[..cut]));
        }

        yield return ("invalid UTF-8 in method", [.. "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/"u8, 0xC3, 0x28, .. "\"}"u8]);
        yield return ("invalid UTF-8 first byte", [0xFF, 0xFE, .. "{}"u8]);
        yield return ("byte order mark, unknown method", [0xEF, 0xBB, 0xBF, .. "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope\"}"u8]);
        yield return ("UTF-16 body", Encoding.Unicode.GetBytes(ToolsList));
        yield return ("NUL bytes", new byte[64]);
    }

    private static IEnumerable<(string Name, byte[] Body)> WrongShapes() => Texts(
        """{"id":1,"method":"tools/list"}""",
        """{"jsonrpc":"1.0","id":1,"method":"tools/list"}""",
        """{"jsonrpc":"2","id":1,"method":"tools/list"}""",
        """{"jsonrpc":2.0,"id":1,"method":"tools/list"}""",
        """{"jsonrpc":null,"id":1,"method":"tools/list"}""",
        """{"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}""",
        """{"jsonrpc":"2.0","id":[1],"method":"tools/list"}""",
        """{"jsonrpc":"2.0","id":true,"method":"tools/list"}""",
        """{"jsonrpc":"2.0","id":1.5,"method":"nope"}""",
        """{"jsonrpc":"2.0","id":1,"method":42}""",
        """{"jsonrpc":"2.0","id":1,"method":null}""",
        """{"jsonrpc":"2.0","id":1,"method":""}""",
        """{"jsonrpc":"2.0","id":1,"method":["tools/list"]}""",
        """{"jsonrpc":"2.0","id":1,"method":{"name":"tools/list"}}""",
        """{"jsonrpc":"2.0","id":1}""",
        """{"jsonrpc":"2.0","id":1,"params":{}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":[]}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"get_balance"}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":42}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":null}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call"}""",
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":20251125}}""",
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":"2025-11-25"}""",
        """{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"loudest"}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"cursor":{"page":2}}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":"not an object"}}""",
        """{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":42}}}""",
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":"all","clientInfo":7}}""");

    private static IEnumerable<(string Name, byte[] Body)> UnansweredShapes() => Texts(
        """{"jsonrpc":"2.0","method":"notifications/unknown"}""",
        """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{"deep":[1]}}}""",
        """{"jsonrpc":"2.0","method":"notifications/cancelled","params":"now"}""",
        """{"jsonrpc":"2.0","method":"notifications/initialized","params":[1,2]}""",
        """{"jsonrpc":"2.0","id":1,"result":{}}""",
        """{"jsonrpc":"2.0","id":99,"result":null}""",
        """{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"from the client"}}""",
        """{"jsonrpc":"2.0","id":1,"error":{"code":"x"}}""",
        """{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"both"}}""");

    private static IEnumerable<(string Name, byte[] Body)> WrongToolCalls() => Texts(
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":42}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_balance","arguments":[]}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_balance","arguments":"x"}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_balance","arguments":{"unknown":1}}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"text_to_image","arguments":{"prompt":null}}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"check_job_status","arguments":{"request_id":{"$ne":null}}}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_balance","arguments":{"extra":{"progressToken":{"a":[]}}}}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"","arguments":{}}}""");

    private static IEnumerable<(string Name, byte[] Body)> Batches() => Texts(
        "[]",
        "[" + ToolsList + "]",
        "[" + ToolsList + "," + ToolsList + "]",
        "[1,2,3]",
        """[{"jsonrpc":"2.0","method":"notifications/initialized"}]""",
        "[[]]",
        "[" + ToolsList + ",{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},42]",
        "[" + string.Join(",", Enumerable.Repeat(ToolsList, 500)) + "]");

    private static IEnumerable<(string Name, byte[] Body)> UnknownMethods() =>
        new[]
        {
            "nope", "tools/unknown", "rpc.discover", "$/cancelRequest", "TOOLS/LIST", "tools/list ", "resources/bogus", "prompts/list",
            "completion/complete", "sampling/createMessage", "tasks/get", new string('m', 10_000),
        }.Select(method => (Describe(method), Encoding.UTF8.GetBytes(RawMcpRequest.Call(method).ToJsonString())));

    /// <summary>Valid calls with one header wrong, so the header alone decides.</summary>
    private static IEnumerable<MalformedRequest> WrongHeaders(string key)
    {
        var calls = new (string Name, JsonObject Body)[]
        {
            ("tools/list", RawMcpRequest.Call("tools/list")),
            ("ping", RawMcpRequest.Call("ping")),
            ("tools/call get_balance", RawMcpRequest.Call("tools/call", new JsonObject { ["name"] = "get_balance", ["arguments"] = new JsonObject() })),
        };
        foreach (var (call, body) in calls)
        {
            foreach (var contentType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/jsonx", "image/png" })
            {
                yield return Header("Content-Type", $"{call}, Content-Type {contentType}", key, body, request => request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType));
            }

            yield return Header("Content-Type", $"{call}, no Content-Type", key, body, request => request.Content!.Headers.ContentType = null);
            // "*/*" is not here: it accepts both media types (RFC 9110), and the SDK's handler serves it.
            foreach (var accept in new[] { "", "application/json", "text/event-stream", "text/html", "application/*", ",,,;;;" })
            {
                yield return Header("Accept", $"{call}, Accept '{accept}'", key, body, accept: accept);
            }

            foreach (var version in new[] { "1999-01-01", "latest", "2025-11-25, 2025-06-18", "2024-11-05", new string('9', 5000) })
            {
                yield return Header("MCP-Protocol-Version", $"{call}, version '{Shorten(version)}'", key, body, request => request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", version));
            }

            var method = body["method"]!.GetValue<string>();
            var modern = RawMcpRequest.Call(method, (JsonObject?)body["params"]?.DeepClone(), RawMcpRequest.Modern);
            foreach (var (name, headers) in new (string, Dictionary<string, string>)[]
                     {
                         ("Mcp-Method names another method", RawMcpRequest.ModernHeaders(method == "ping" ? "tools/list" : "ping")),
                         ("no Mcp-Method", new() { ["MCP-Protocol-Version"] = RawMcpRequest.Modern }),
                         ("Mcp-Method in another case", RawMcpRequest.ModernHeaders(method.ToUpperInvariant())),
                         ("version header older than the body's _meta", new() { ["MCP-Protocol-Version"] = RawMcpRequest.Legacy, ["Mcp-Method"] = method }),
                         ("Mcp-Name for another tool", RawMcpRequest.ModernHeaders(method, "text_to_image")),
                     }.Where(mismatch => method == "tools/call" || !mismatch.Item1.StartsWith("Mcp-Name", StringComparison.Ordinal)))
            {
                yield return Header("Mcp-Method / Mcp-Name", $"{call}, {name}", key, modern, request =>
                {
                    foreach (var (header, value) in headers)
                    {
                        request.Headers.TryAddWithoutValidation(header, value);
                    }
                });
            }

            foreach (var origin in new[] { "http://evil.example", "null", "https://localhost.evil.example", "http://127.0.0.1.nip.io", "file://", "chrome-extension://abc" })
            {
                yield return Header("Origin", $"{call}, Origin {origin}", key, body, request => request.Headers.TryAddWithoutValidation("Origin", origin));
            }

            foreach (var host in new[] { "evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "[::2]" })
            {
                yield return Header("Host", $"{call}, Host {host}", key, body, request => request.Headers.Host = host);
            }

            // Without OAuth any bearer is the caller's dryAPI key, so only a tool call, which reaches dryAPI, can be refused for a wrong one.
            var refusedBearers = new[] { "Bearer", "Bearer    ", "Basic dXNlcjpwYXNz" };
            var unknownBearers = new[] { "Bearer a b c", "Bearer " + new string('k', 10_000), "Bearer 1|unknown-key" };
            foreach (var authorization in call.StartsWith("tools/call", StringComparison.Ordinal) ? [.. refusedBearers, .. unknownBearers] : refusedBearers)
            {
                yield return Header("Authorization", $"{call}, Authorization '{Shorten(authorization)}'", null, body,
                    request => request.Headers.TryAddWithoutValidation("Authorization", authorization),
                    allowed: call.StartsWith("tools/call", StringComparison.Ordinal) ? Allowed.ToolError : Allowed.RefusalOnly);
            }

            yield return Header("Authorization", $"{call}, no Authorization", null, body);
        }
    }

    private static IEnumerable<MalformedRequest> WrongVerbs(string key)
    {
        foreach (var path in new[] { "mcp", "mcp/" })
        {
            foreach (var verb in new[] { "GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "FOO" })
            {
                yield return new MalformedRequest("HTTP verb", $"{verb} /{path}", Allowed.RefusalOnly, endpoint =>
                {
                    var request = new HttpRequestMessage(new HttpMethod(verb), new Uri(endpoint, "/" + path));
                    if (verb is not ("GET" or "HEAD" or "TRACE"))
                    {
                        request.Content = new StringContent(ToolsList, Encoding.UTF8, "application/json");
                    }

                    request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                    return request;
                });
            }
        }
    }

    private static IEnumerable<MalformedRequest> HugeBodies(string key, long bodyLimit)
    {
        var over = (int)bodyLimit + 1024;
        var oversized = RawMcpRequest.Call("tools/call", new JsonObject { ["name"] = "text_to_image", ["arguments"] = new JsonObject { ["prompt"] = new string('p', over) } }).ToJsonString();
        yield return Body("huge body", "over the limit, with Content-Length", key, Encoding.UTF8.GetBytes(oversized), Allowed.RefusalOnly);
        yield return new MalformedRequest("huge body", "over the limit, chunked", Allowed.RefusalOnly, endpoint =>
        {
            var request = RawMcpRequest.Post(endpoint, new JsonObject(), key);
            request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(oversized)));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = true;
            return request;
        });
        yield return Body("huge body", "whitespace over the limit", key, Encoding.UTF8.GetBytes(new string(' ', over) + ToolsList), Allowed.RefusalOnly);
        var under = (int)bodyLimit - 4096;
        yield return Body("huge body", "unknown argument of almost the limit", key, Encoding.UTF8.GetBytes(
            RawMcpRequest.Call("tools/call", new JsonObject { ["name"] = "get_balance", ["arguments"] = new JsonObject { ["padding"] = new string('p', under) } }).ToJsonString()), Allowed.ToolError);
        yield return Body("huge body", "100,000 ids in a batch", key, Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 100_000).Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]"), Allowed.RefusalOnly);
        yield return Body("huge body", "10,000 unknown arguments", key, Encoding.UTF8.GetBytes(
            RawMcpRequest.Call("tools/call", new JsonObject { ["name"] = "get_balance", ["arguments"] = new JsonObject(Enumerable.Range(0, 10_000).Select(index => KeyValuePair.Create("a" + index.ToString(CultureInfo.InvariantCulture), (JsonNode?)index))) }).ToJsonString()), Allowed.ToolError);
    }

    private static IEnumerable<MalformedRequest> UnderEveryProfile(string category, IEnumerable<(string Name, byte[] Body)> bodies, string key, Allowed allowed)
    {
        foreach (var (name, body) in bodies)
        {
            foreach (var (profile, version) in Profiles)
            {
                yield return new MalformedRequest(category, $"{name} ({profile})", allowed, endpoint =>
                {
                    var request = RawMcpRequest.Post(endpoint, new JsonObject(), key);
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    if (version is not null)
                    {
                        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", version);
                    }

                    if (version == RawMcpRequest.Modern)
                    {
                        request.Headers.TryAddWithoutValidation("Mcp-Method", MethodOf(body) ?? "tools/list");
                    }

                    return request;
                });
            }
        }
    }

    private static MalformedRequest Header(
        string category, string name, string? key, JsonNode body, Action<HttpRequestMessage>? change = null, string accept = "application/json, text/event-stream", Allowed allowed = Allowed.RefusalOnly) =>
        new(category, name, allowed, endpoint =>
        {
            var request = RawMcpRequest.Post(endpoint, body, key, accept: accept);
            if (accept.Length == 0)
            {
                request.Headers.Remove("Accept");
            }

            change?.Invoke(request);
            return request;
        });

    private static MalformedRequest Body(string category, string name, string key, byte[] body, Allowed allowed) =>
        new(category, name, allowed, endpoint =>
        {
            var request = RawMcpRequest.Post(endpoint, new JsonObject(), key);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            // As curl does above 1 MiB: a body the server refuses unread (a 413 on its Content-Length) is then never
            // sent, instead of racing the refusal and the connection's close while it uploads.
            request.Headers.ExpectContinue = body.Length > 1024 * 1024;
            return request;
        });

    private static IEnumerable<(string Name, byte[] Body)> Texts(params string[] texts) => texts.Select(text => (Describe(text), Encoding.UTF8.GetBytes(text)));

    private static string? MethodOf(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body)?["method"]?.GetValue<string>();
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    private static string Describe(string text) => text.Length == 0 ? "empty body" : Shorten(text.Replace("\0", "\\0", StringComparison.Ordinal));

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + $"… ({text.Length.ToString(CultureInfo.InvariantCulture)} characters)" : text;
}
