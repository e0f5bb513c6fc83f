using System.Globalization;
using ModelContextProtocol;

namespace DryApi.Mcp.Hosting;

/// <summary>A request body read into one array of exactly its length, and the room it holds in the server's body budget.</summary>
internal sealed record RequestBody(byte[] Bytes, RequestBodyBudget.Reservation Reservation) : IDisposable
{
    public void Dispose() => Reservation.Dispose();
}

/// <summary>
/// Reads a POST body once, into one array: the declared length is reserved in the <see cref="RequestBodyBudget"/> before
/// a byte is read; a chunked body is reserved as it arrives. Too large a body gets 413, a full budget 503.
/// </summary>
internal static class RequestBodyReader
{
    private const int FirstSegmentBytes = 16 * 1024;
    private const int LargestSegmentBytes = 1024 * 1024;

    public static async Task<(RequestBody? Body, JsonRpcRejection? Rejection)> ReadAsync(
        HttpRequest request, long limit, RequestBodyBudget budget, CancellationToken cancellationToken)
    {
        try
        {
            return request.ContentLength is { } length
                ? await ReadDeclaredAsync(request.Body, length, limit, budget, cancellationToken)
                : await ReadChunkedAsync(request.Body, limit, budget, cancellationToken);
        }
        catch (BadHttpRequestException exception)
        {
            return (null, exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? JsonRpcRejection.BodyTooLarge(limit)
                : JsonRpcRejection.BadRequest("The request body could not be read: " + exception.Message));
        }
        catch (EndOfStreamException)
        {
            return (null, JsonRpcRejection.BadRequest("The request body ended before its declared Content-Length."));
        }
    }

    private static async Task<(RequestBody?, JsonRpcRejection?)> ReadDeclaredAsync(
        Stream body, long length, long limit, RequestBodyBudget budget, CancellationToken cancellationToken)
    {
        if (length > limit)
        {
            return (null, JsonRpcRejection.BodyTooLarge(limit));
        }

        if (budget.TryReserve(length) is not { } reservation)
        {
            return (null, Busy(budget));
        }

        try
        {
            var bytes = new byte[length];
            await body.ReadExactlyAsync(bytes, cancellationToken);
            return (new RequestBody(bytes, reservation), null);
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    private static async Task<(RequestBody?, JsonRpcRejection?)> ReadChunkedAsync(
        Stream body, long limit, RequestBodyBudget budget, CancellationToken cancellationToken)
    {
        var reservation = budget.TryReserve(0)!;
        try
        {
            var segments = new List<(byte[] Bytes, int Length)>();
            long total = 0;
            long allocated = 0;
            while (true)
            {
                var size = (int)Math.Clamp(total, FirstSegmentBytes, LargestSegmentBytes);
                if (!reservation.TryGrow(size))
                {
                    reservation.Dispose();
                    return (null, Busy(budget));
                }

                var segment = new byte[size];
                allocated += size;
                var filled = await body.ReadAtLeastAsync(segment, segment.Length, throwOnEndOfStream: false, cancellationToken);
                segments.Add((segment, filled));
                total += filled;
                if (total > limit)
                {
                    reservation.Dispose();
                    return (null, JsonRpcRejection.BodyTooLarge(limit));
                }

                if (filled < segment.Length)
                {
                    break;
                }
            }

            var bytes = new byte[total];
            var offset = 0;
            foreach (var (segment, length) in segments)
            {
                segment.AsSpan(0, length).CopyTo(bytes.AsSpan(offset));
                offset += length;
            }

            reservation.Shrink(allocated - total);
            return (new RequestBody(bytes, reservation), null);
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    /// <summary>Too many large bodies are being handled at once; the client retries shortly.</summary>
    private static JsonRpcRejection Busy(RequestBodyBudget budget) => new(
        StatusCodes.Status503ServiceUnavailable,
        (int)McpErrorCode.InternalError,
        $"This server is holding its limit of {budget.Capacity.ToString(CultureInfo.InvariantCulture)} bytes of request bodies " +
        "(Mcp:MaxRequestBodyBytesInFlight); nothing was run. Retry in a few seconds, or pass large files by http(s) URL.")
    {
        RetryAfterSeconds = 5,
    };
}
