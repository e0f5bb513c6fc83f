using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DryApi.Mcp.Tests.Shutdown;

namespace DryApi.Mcp.Tests.Configuration;

/// <summary>
/// The server process listens where the official .NET container images' variables say (the Dockerfile relies on them):
/// appsettings.json must not hold a <c>Urls</c> key, which would beat both. tests/container/smoke.sh checks the image.
/// </summary>
public sealed class ListenAddressTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("ASPNETCORE_HTTP_PORTS", "{0}")]
    [InlineData("ASPNETCORE_URLS", "http://127.0.0.1:{0}")]
    public async Task The_server_listens_where_the_aspnetcore_variable_says(string variable, string value)
    {
        var port = FreePort();
        await using var server = await ServerProcess.StartAsync(
            new Dictionary<string, string> { [variable] = string.Format(CultureInfo.InvariantCulture, value, port) }, CancellationToken);

        using var http = new HttpClient();
        using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), CancellationToken);

        Assert.True(server.Endpoint.Port == port, $"listening on {server.Endpoint}, not port {port}\n{string.Join('\n', server.Output)}");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
