using System.Text.Json.Nodes;

namespace DryApi.Mcp.Bench;

/// <summary>An initialized session with the stateful peer: its id and the protocol version it agreed.</summary>
internal sealed record PeerSession(string Id, string ProtocolVersion)
{
    public static async Task<PeerSession> OpenAsync(HttpClient http, Uri endpoint, CancellationToken cancellationToken)
    {
        var initialize = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 0,
            ["method"] = "initialize",
            ["params"] = new JsonObject
            {
                ["protocolVersion"] = Wire.ProtocolVersion,
                ["capabilities"] = new JsonObject(),
                ["clientInfo"] = new JsonObject { ["name"] = "dryapi-mcp-bench", ["version"] = "1.0" },
            },
        }.ToJsonString();
        using var request = Wire.Post(endpoint, initialize);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var id = response.Headers.GetValues("Mcp-Session-Id").Single();
        var version = Wire.Response(await response.Content.ReadAsStringAsync(cancellationToken))?["result"]?["protocolVersion"]?.GetValue<string>()
            ?? throw new InvalidDataException("The peer's initialize answer has no protocolVersion.");
        await Wire.SendAsync(http, Wire.Post(endpoint, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", id, version), cancellationToken);
        return new PeerSession(id, version);
    }
}
