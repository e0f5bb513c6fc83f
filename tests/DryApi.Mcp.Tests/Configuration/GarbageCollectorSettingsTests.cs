using System.Text.Json;

namespace DryApi.Mcp.Tests.Configuration;

/// <summary>
/// The built server's <c>DryApi.Mcp.runtimeconfig.json</c> (what <c>dotnet run</c>, the tool package and the container
/// start with) carries the garbage collector settings the scale benchmark measured (docs/benchmarks.md, section 8):
/// the web SDK's default, server GC, took one replica past 1 GB as 10,000 waiting calls finished.
/// </summary>
public sealed class GarbageCollectorSettingsTests
{
    [Fact]
    public void The_server_runs_the_workstation_collector_conserving_memory()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "DryApi.Mcp.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var settings = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(settings.GetProperty("System.GC.Server").GetBoolean(), $"{path} turns server GC on.");
        Assert.True(settings.TryGetProperty("System.GC.ConserveMemory", out var conserve), $"{path} has no System.GC.ConserveMemory.");
        Assert.InRange(conserve.GetInt32(), 1, 9);
    }
}
