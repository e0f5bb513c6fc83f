using System.Globalization;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// Loaded into a server by <c>DOTNET_STARTUP_HOOKS</c>: when <c>ALLOCATION_PROBE_SOCKET</c> names a path, it answers
/// each connection to that Unix socket with two counts since the process started, as one line of two decimal numbers:
/// the bytes it has allocated (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, precise) and the exceptions it has thrown
/// (first-chance, caught or not). The server's code is untouched.
/// </summary>
#pragma warning disable CA1050 // The runtime looks for a type named StartupHook outside any namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    private static long exceptions;

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("ALLOCATION_PROBE_SOCKET") is { Length: > 0 } path)
        {
            AppDomain.CurrentDomain.FirstChanceException += (_, _) => Interlocked.Increment(ref exceptions);
            new Thread(() => Serve(path)) { IsBackground = true, Name = "allocation probe" }.Start();
        }
    }

    private static void Serve(string path)
    {
        File.Delete(path);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        while (true)
        {
            using var connection = listener.Accept();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var thrown = Interlocked.Read(ref exceptions);
            connection.Send(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{allocated} {thrown}\n")));
        }
    }
}
