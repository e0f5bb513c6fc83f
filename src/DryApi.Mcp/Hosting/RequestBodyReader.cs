using System.Globalization;
using ModelContextProtocol;

namespace DryApi.Mcp.Hosting;

/// <summary>A request body read into one array of exactly its length, and the room it holds in the server's body budget.</summary>
internal sealed record RequestBody(byte[] Bytes, RequestBodyBudget.Reservation Reservation) : IDisposable
{
    public void Dispose() => Reservation.Dispose();
}

/// <summary>What reading a body came to: the body, or the rejection to answer, or the caller's key refused by dryAPI.</summary>
internal sealed record BodyReadOutcome(RequestBody? Body, JsonRpcRejection? Rejection = null, bool KeyRefused = false);

/// <summary>
/// Reads a POST body once, into one array. The declared length is reserved in the <see cref="RequestBodyBudget"/> before
/// a byte is read; a body of undeclared length is reserved as it arrives. Past <see cref="McpHostOptions.MaxUnverifiedBodyBytes"/>
/// nothing more is read until dryAPI has accepted the caller's key. Too large a body gets 413, a full budget 503.
/// </summary>
internal sealed class RequestBodyReader(McpHostOptions options, RequestBodyBudget budget, Func<CancellationToken, Task<bool>> keyAccepted)
{
    private const int FirstSegmentBytes = 16 * 1024;
    private const int LargestSegmentBytes = 1024 * 1024;

    public async Task<BodyReadOutcome> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return request.ContentLength is { } length
                ? await ReadDeclaredAsync(request.Body, length, cancellationToken)
                : await ReadUndeclaredAsync(request.Body, cancellationToken);
        }
        catch (BadHttpRequestException exception)
        {
            return new BodyReadOutcome(null, exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? JsonRpcRejection.BodyTooLarge(options.MaxRequestBodyBytes)
                : JsonRpcRejection.BadRequest("The request body could not be read: " + exception.Message));
        }
        catch (EndOfStreamException)
        {
            return new BodyReadOutcome(null, JsonRpcRejection.BadRequest("The request body ended before its declared Content-Length."));
        }
    }

    private async Task<BodyReadOutcome> ReadDeclaredAsync(Stream body, long length, CancellationToken cancellationToken)
    {
        if (length > options.MaxRequestBodyBytes)
        {
            return new BodyReadOutcome(null, JsonRpcRejection.BodyTooLarge(options.MaxRequestBodyBytes));
        }

        if (length > options.MaxUnverifiedBodyBytes && !await keyAccepted(cancellationToken))
        {
            return new BodyReadOutcome(null, KeyRefused: true);
        }

        if (budget.TryReserve(length) is not { } reservation)
        {
            return new BodyReadOutcome(null, Busy());
        }

        try
        {
            var bytes = new byte[length];
            await body.ReadExactlyAsync(bytes, cancellationToken);
            return new BodyReadOutcome(new RequestBody(bytes, reservation));
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    /// <summary>A chunked body, read in growing segments and joined once its end is known.</summary>
    private async Task<BodyReadOutcome> ReadUndeclaredAsync(Stream body, CancellationToken cancellationToken)
    {
        var reservation = budget.TryReserve(0)!;
        try
        {
            var segments = new List<(byte[] Bytes, int Length)>();
            long total = 0;
            long allocated = 0;
            var keyChecked = false;
            while (true)
            {
                if (!keyChecked && total > options.MaxUnverifiedBodyBytes)
                {
                    keyChecked = true;
                    if (!await keyAccepted(cancellationToken))
                    {
                        reservation.Dispose();
                        return new BodyReadOutcome(null, KeyRefused: true);
                    }
                }

                var size = (int)Math.Clamp(total, FirstSegmentBytes, LargestSegmentBytes);
                if (!reservation.TryGrow(size))
                {
                    reservation.Dispose();
                    return new BodyReadOutcome(null, Busy());
                }

                var segment = new byte[size];
                allocated += size;
                var filled = await body.ReadAtLeastAsync(segment, segment.Length, throwOnEndOfStream: false, cancellationToken);
                segments.Add((segment, filled));
                total += filled;
                if (total > options.MaxRequestBodyBytes)
                {
                    reservation.Dispose();
                    return new BodyReadOutcome(null, JsonRpcRejection.BodyTooLarge(options.MaxRequestBodyBytes));
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
            return new BodyReadOutcome(new RequestBody(bytes, reservation));
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    /// <summary>Too many large bodies are being handled at once; the client retries shortly.</summary>
    private JsonRpcRejection Busy() => new(
        StatusCodes.Status503ServiceUnavailable,
        (int)McpErrorCode.InternalError,
        $"This server is holding its limit of {budget.Capacity.ToString(CultureInfo.InvariantCulture)} bytes of request bodies " +
        "(Mcp:MaxRequestBodyBytesInFlight); nothing was run. Retry in a few seconds, or pass large files by http(s) URL.")
    {
        RetryAfterSeconds = 5,
    };
}
