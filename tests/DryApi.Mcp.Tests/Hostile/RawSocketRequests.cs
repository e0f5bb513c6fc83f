using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace DryApi.Mcp.Tests.Hostile;

/// <summary>
/// Requests whose HTTP framing is broken, which <see cref="HttpClient"/> cannot send: written on a socket as bytes,
/// the sending side then closed. Each gets the status line of whatever the server answered (null if it only closed).
/// </summary>
internal static class RawSocketRequests
{
    public const string UnsupportedVersion = "unsupported HTTP version";

    private const string Body = """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""";

    public static IReadOnlyList<(string Name, Func<string, string, string> Build)> All { get; } =
    [
        ("chunked body without its last chunk", (host, key) => Head("POST", host, key, "Transfer-Encoding: chunked") + Chunk(Body[..20])),
        ("chunked body cut inside a chunk", (host, key) => Head("POST", host, key, "Transfer-Encoding: chunked") + "40\r\n" + Body[..10]),
        ("chunk size that is not hexadecimal", (host, key) => Head("POST", host, key, "Transfer-Encoding: chunked") + "zz\r\n" + Body + "\r\n0\r\n\r\n"),
        ("Content-Length longer than the body", (host, key) => Head("POST", host, key, "Content-Length: 500") + Body),
        ("Content-Length and chunked together", (host, key) => Head("POST", host, key, "Content-Length: 5", "Transfer-Encoding: chunked") + Chunk(Body) + "0\r\n\r\n"),
        ("negative Content-Length", (host, key) => Head("POST", host, key, "Content-Length: -1") + Body),
        ("two different Content-Lengths", (host, key) => Head("POST", host, key, $"Content-Length: {Body.Length}", "Content-Length: 3") + Body),
        ("header line without a colon", (host, key) => Head("POST", host, key, "this is not a header", $"Content-Length: {Body.Length}") + Body),
        ("64 KiB header", (host, key) => Head("POST", host, key, "X-Big: " + new string('b', 64 * 1024), $"Content-Length: {Body.Length}") + Body),
        ("500 headers", (host, key) => Head("POST", host, key, [.. Enumerable.Range(0, 500).Select(index => $"X-H{index}: v"), $"Content-Length: {Body.Length}"]) + Body),
        ("garbage request line", (_, _) => "HELLO THERE\r\n\r\n"),
        ("HTTP/1.1 without Host", (_, key) => $"POST /mcp HTTP/1.1\r\nAuthorization: Bearer {key}\r\nContent-Length: {Body.Length}\r\n\r\n" + Body),
        (UnsupportedVersion, (host, key) => Head("POST", host, key, $"Content-Length: {Body.Length}").Replace("HTTP/1.1", "HTTP/3.7", StringComparison.Ordinal) + Body),
        ("request target with spaces", (host, key) => Head("POST", host, key, $"Content-Length: {Body.Length}").Replace("/mcp", "/m c p", StringComparison.Ordinal) + Body),
        ("NUL byte in a header value", (host, key) => Head("POST", host, key, "X-Nul: a\0b", $"Content-Length: {Body.Length}") + Body),
        ("headers never finished", (host, key) => Head("POST", host, key)[..^2]),
    ];

    /// <summary>Sends <paramref name="request"/>, closes the sending side, and returns the response's status code, or null if the server closed or reset the connection.</summary>
    public static async Task<int?> SendAsync(Uri server, string request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), cancellationToken);
        client.Client.Shutdown(SocketShutdown.Send);

        using var reader = new StreamReader(stream, Encoding.Latin1);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        string? statusLine;
        try
        {
            statusLine = await reader.ReadLineAsync(timeout.Token);
        }
        catch (IOException)
        {
            // Reset: the server dropped the connection instead of answering, which is a refusal too.
            return null;
        }

        return statusLine is { Length: >= 12 } line && line.StartsWith("HTTP/1.", StringComparison.Ordinal)
            ? int.Parse(line.AsSpan(9, 3), CultureInfo.InvariantCulture)
            : null;
    }

    private static string Head(string verb, string host, string key, params string[] headers) =>
        $"{verb} /mcp HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\nAccept: application/json, text/event-stream\r\n" +
        "Content-Type: application/json\r\n" + string.Concat(headers.Select(header => header + "\r\n")) + "\r\n";

    private static string Chunk(string data) => $"{Encoding.UTF8.GetByteCount(data):x}\r\n{data}\r\n";
}
