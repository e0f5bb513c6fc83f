using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// The request-body bytes all calls of this server hold at once (<see cref="McpHostOptions.MaxRequestBodyBytesInFlight"/>):
/// a body is read only into room reserved here, so many large calls at once are refused with 503 instead of swapping.
/// </summary>
internal sealed class RequestBodyBudget(IOptions<McpHostOptions> options)
{
    private readonly long capacity = options.Value.MaxRequestBodyBytesInFlight;
    private long reserved;

    public long Capacity => capacity;

    /// <summary>Room for <paramref name="bytes"/> more bytes, or null when that would exceed the capacity.</summary>
    public Reservation? TryReserve(long bytes) => TryAdd(bytes) ? new Reservation(this, bytes) : null;

    private bool TryAdd(long bytes)
    {
        if (Interlocked.Add(ref reserved, bytes) > capacity)
        {
            Interlocked.Add(ref reserved, -bytes);
            return false;
        }

        return true;
    }

    /// <summary>Bytes reserved for one request, returned when the request ends.</summary>
    public sealed class Reservation(RequestBodyBudget budget, long bytes) : IDisposable
    {
        private long held = bytes;

        /// <summary>Adds <paramref name="more"/> bytes to this reservation, or false when the budget has no room.</summary>
        public bool TryGrow(long more)
        {
            if (!budget.TryAdd(more))
            {
                return false;
            }

            held += more;
            return true;
        }

        /// <summary>Returns <paramref name="fewer"/> bytes the request no longer holds.</summary>
        public void Shrink(long fewer)
        {
            held -= fewer;
            Interlocked.Add(ref budget.reserved, -fewer);
        }

        public void Dispose() => Interlocked.Add(ref budget.reserved, -Interlocked.Exchange(ref held, 0));
    }
}
