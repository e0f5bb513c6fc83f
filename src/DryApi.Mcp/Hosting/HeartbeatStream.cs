namespace DryApi.Mcp.Hosting;

/// <summary>
/// The response stream of one MCP call (the SDK's handler writes its event stream here). While the call is quiet for
/// longer than the interval, it writes an SSE comment (<c>: keep-alive</c>), which clients ignore and proxies see as
/// traffic, so a long wait is not cut. A comment is only written once the response is an event stream, and between
/// whole events. The first one commits the status line, which is safe: the JSON-RPC errors that the modern revision
/// maps to statuses are answered at once, long before the first interval ends. A call that ends before a beat stops
/// the timer without an exception (a cancelled wait would throw one, twice, on every call).
/// </summary>
internal sealed class HeartbeatStream : Stream
{
    private static readonly byte[] Comment = ": keep-alive\n\n"u8.ToArray();

    private readonly Stream inner;
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan interval;
    private readonly Func<bool> isEventStream;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly PeriodicTimer timer;
    private readonly CancellationTokenSource stop = new();
    private readonly Task heartbeat;
    private long lastWrite;
    private bool betweenEvents = true;
    private byte previousByte;

    public HeartbeatStream(Stream inner, TimeProvider timeProvider, TimeSpan interval, Func<bool> isEventStream)
    {
        this.inner = inner;
        this.timeProvider = timeProvider;
        this.interval = interval;
        this.isEventStream = isEventStream;
        lastWrite = timeProvider.GetTimestamp();
        timer = new PeriodicTimer(interval, timeProvider);
        heartbeat = BeatAsync(stop.Token);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Track(buffer.Span);
        }
        finally
        {
            gate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        // The timer's wait ends without an exception; only a comment still being written is cancelled.
        timer.Dispose();
        await stop.CancelAsync();

        try
        {
            await heartbeat;
        }
        catch (OperationCanceledException)
        {
            // Stopped with the call.
        }

        stop.Dispose();
        gate.Dispose();
        await base.DisposeAsync();
    }

    private void Track(ReadOnlySpan<byte> written)
    {
        if (written.IsEmpty)
        {
            return;
        }

        var last = written[^1];
        var beforeLast = written.Length > 1 ? written[^2] : previousByte;
        betweenEvents = last == '\n' && beforeLast == '\n';
        previousByte = last;
        lastWrite = timeProvider.GetTimestamp();
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        while (await timer.WaitForNextTickAsync(CancellationToken.None))
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (betweenEvents && isEventStream() && timeProvider.GetElapsedTime(lastWrite) >= interval)
                {
                    await inner.WriteAsync(Comment, cancellationToken);
                    await inner.FlushAsync(cancellationToken);
                    lastWrite = timeProvider.GetTimestamp();
                }
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
