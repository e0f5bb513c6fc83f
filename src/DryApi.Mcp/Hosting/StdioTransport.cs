using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// MCP over standard input and output that keeps writing answers after standard input has ended. The SDK's
/// <see cref="StdioServerTransport"/> stops writing the moment its input ends, so the answers to the requests it had
/// already read were dropped (<c>printf '&lt;initialize&gt;\n' | dryapi-mcp --stdio</c> printed nothing).
/// </summary>
internal sealed class StdioTransport : StreamServerTransport
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly Stream output;
    private readonly SemaphoreSlim writing = new(1, 1);

    public StdioTransport(McpServerOptions options, ILoggerFactory loggerFactory)
        : this(new CancellableInput(Console.OpenStandardInput()), new BufferedStream(Console.OpenStandardOutput()), options.ServerInfo?.Name, loggerFactory)
    {
    }

    private StdioTransport(Stream input, Stream output, string? serverName, ILoggerFactory loggerFactory)
        : base(input, output, serverName, loggerFactory) => this.output = output;

    /// <summary>Writes <paramref name="message"/> as one line, whether or not standard input is still open.</summary>
    public override async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage)));
        await writing.WaitAsync(cancellationToken);
        try
        {
            await output.WriteAsync(json, cancellationToken);
            await output.WriteAsync(NewLine, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            writing.Release();
        }
    }

    /// <summary>
    /// Standard input whose reads end when cancelled. The console stream ignores cancellation, and disposing the
    /// transport waits for its read to end: without this, a server stopped by SIGTERM would hang until its client wrote.
    /// </summary>
    private sealed class CancellableInput(Stream input) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(input.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
