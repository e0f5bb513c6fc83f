using System.Text.Json.Nodes;

namespace DryApi.Mcp.Bench;

/// <summary>Something the load loop calls: <see cref="ConnectAsync"/> prepares one worker and returns its call.</summary>
internal sealed record LoadTarget(string Name, Func<CancellationToken, Task<Func<CancellationToken, Task>>> ConnectAsync)
{
    /// <summary>The floor: dryAPI's balance straight from the simulator, as the server itself asks for it.</summary>
    public static LoadTarget Floor(HttpClient http, Uri simulator) => new("floor: GET /balance on the simulator", _ =>
        Task.FromResult<Func<CancellationToken, Task>>(cancellationToken => Wire.SendAsync(http, Wire.Balance(simulator), cancellationToken)));

    /// <summary>Our server: a stateless tools/call of get_balance, which asks the simulator for the balance.</summary>
    public static LoadTarget Ours(HttpClient http, Uri endpoint, string build = "")
    {
        var body = Wire.ToolCall("get_balance", []);
        return new($"DryApi.Mcp{build}: tools/call get_balance", _ => Task.FromResult<Func<CancellationToken, Task>>(async cancellationToken =>
            Wire.ToolResult(await Wire.SendAsync(http, Wire.Post(endpoint, body), cancellationToken))));
    }

    /// <summary>The peer: tools/call of echo in a session opened once per worker and reused.</summary>
    public static LoadTarget Peer(HttpClient http, Uri endpoint)
    {
        var body = Wire.ToolCall("echo", new JsonObject { ["message"] = "hello" });
        return new("peer: server-everything tools/call echo", async connecting =>
        {
            var session = await PeerSession.OpenAsync(http, endpoint, connecting);
            return async cancellationToken =>
                Wire.ToolResult(await Wire.SendAsync(http, Wire.Post(endpoint, body, session.Id, session.ProtocolVersion), cancellationToken));
        });
    }
}
