using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Health;

/// <summary><c>/healthz</c> and <c>/readyz</c> as a load balancer or orchestrator probes them: no credentials, status code and JSON body.</summary>
public sealed class HealthEndpointTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Liveness_answers_200_without_credentials()
    {
        var (status, body) = await GetAsync(new Uri(harness.ServerUri, "healthz"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body["status"]?.GetValue<string>());
    }

    [Fact]
    public async Task Readiness_answers_200_when_dryapi_answers()
    {
        var (status, body) = await GetAsync(new Uri(harness.ServerUri, "readyz"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body["status"]?.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]?["dryapi"]?["status"]?.GetValue<string>());
        Assert.Contains(harness.Simulator.BaseAddress.ToString(), body["checks"]?["dryapi"]?["description"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_answers_503_naming_dryapi_when_it_is_unreachable_while_liveness_stays_200()
    {
        var closed = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        await using var unreachable = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["DryApi:BaseUrl"] = closed.ToString() },
        });

        var (readyStatus, ready) = await GetAsync(new Uri(unreachable.ServerUri, "readyz"));
        var (liveStatus, _) = await GetAsync(new Uri(unreachable.ServerUri, "healthz"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("Unhealthy", ready["status"]?.GetValue<string>());
        Assert.Equal("Unhealthy", ready["checks"]?["dryapi"]?["status"]?.GetValue<string>());
        Assert.Contains(closed.ToString(), ready["checks"]?["dryapi"]?["description"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, liveStatus);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(Uri uri)
    {
        using var response = await Http.GetAsync(uri, TestContext.Current.CancellationToken);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (response.StatusCode, body ?? throw new InvalidOperationException($"{uri} answered an empty body."));
    }

    /// <summary>A loopback port that was just free and has nothing listening on it.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
