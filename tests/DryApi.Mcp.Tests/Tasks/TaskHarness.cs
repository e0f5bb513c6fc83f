using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Tasks;

/// <summary>The host with a sealing key (OAuth off), so it offers tasks; image jobs take long enough to be seen working.</summary>
public sealed class TaskHarness : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string?> SealingKey = new Dictionary<string, string?>
    {
        ["Auth:SealingKeys:0:Id"] = "tasks-test",
        ["Auth:SealingKeys:0:Secret"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(value => (byte)value).ToArray()),
    };

    public McpServerHarness Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = SealingKey,
            JobDurations = new Dictionary<JobKind, TimeSpan> { [JobKind.Image] = TimeSpan.FromSeconds(1.5) },
        });

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
