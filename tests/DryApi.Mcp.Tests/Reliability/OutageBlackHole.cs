using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DryApi.Mcp.Tests.Reliability;

/// <summary>
/// dryAPI during an outage: a loopback port that accepts connections, reads the request line, and never answers (as a
/// hung load balancer does), so every request waits for its timeout. It records the request lines that reached it.
/// </summary>
public sealed class OutageBlackHole : IDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentBag<TcpClient> held = [];
    private readonly ConcurrentQueue<string> requestLines = new();

    public OutageBlackHole(int port)
    {
        listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The first line of each request received, e.g. <c>POST /api/v1/client/txt2img HTTP/1.1</c>.</summary>
    public IReadOnlyList<string> RequestLines => [.. requestLines];

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        foreach (var connection in held)
        {
            connection.Dispose();
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var connection = await listener.AcceptTcpClientAsync(stopping.Token);
                held.Add(connection);
                _ = RecordAsync(connection);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RecordAsync(TcpClient connection)
    {
        try
        {
            using var reader = new StreamReader(connection.GetStream(), Encoding.ASCII, leaveOpen: true);
            var line = await reader.ReadLineAsync(stopping.Token);
            while (line is not null)
            {
                if (line.StartsWith("GET ", StringComparison.Ordinal) || line.StartsWith("POST ", StringComparison.Ordinal))
                {
                    requestLines.Enqueue(line);
                }

                line = await reader.ReadLineAsync(stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client gave up, or the black hole closed.
        }
    }
}
