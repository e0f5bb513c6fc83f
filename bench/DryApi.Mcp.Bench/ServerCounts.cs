using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace DryApi.Mcp.Bench;

/// <summary>
/// What a server started with bench/AllocationProbe (a startup hook) has allocated and thrown since it started, read
/// from the probe's Unix socket. Both are counts, not timings, so they do not depend on the machine's load.
/// </summary>
internal readonly record struct ServerCounts(long AllocatedBytes, long Exceptions)
{
    /// <summary>The environment that loads the probe into a server, answering at <paramref name="socket"/>.</summary>
    public static Dictionary<string, string> Environment(string probe, string socket) => new()
    {
        ["DOTNET_STARTUP_HOOKS"] = probe,
        ["ALLOCATION_PROBE_SOCKET"] = socket,
    };

    public static async Task<ServerCounts> ReadAsync(string socket)
    {
        using var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await using var stream = new NetworkStream(connection);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var counts = (await reader.ReadLineAsync() ?? string.Empty).Split(' ');
        return new ServerCounts(long.Parse(counts[0], CultureInfo.InvariantCulture), long.Parse(counts[1], CultureInfo.InvariantCulture));
    }

    public static ServerCounts operator -(ServerCounts after, ServerCounts before) =>
        new(after.AllocatedBytes - before.AllocatedBytes, after.Exceptions - before.Exceptions);
}
