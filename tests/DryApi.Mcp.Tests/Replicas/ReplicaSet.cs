using System.Globalization;
using System.Security.Cryptography;
using DryApi.Client.Contract;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;

namespace DryApi.Mcp.Tests.Replicas;

/// <summary>
/// Three MCP server replicas (real Kestrel hosts) sharing one simulated dryAPI, a real Redis as their backplane and
/// their sealing keys, behind a real round-robin load balancer with no affinity: what a team runs past one machine.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    private readonly RedisServer redis;
    private readonly RunningSimulator simulator;
    private readonly IReadOnlyList<McpServerHarness> replicas;
    private readonly RoundRobinBalancer balancer;

    private ReplicaSet(RedisServer redis, RunningSimulator simulator, IReadOnlyList<McpServerHarness> replicas, RoundRobinBalancer balancer)
    {
        this.redis = redis;
        this.simulator = simulator;
        this.replicas = replicas;
        this.balancer = balancer;
    }

    public RunningSimulator Simulator => simulator;

    public RedisServer Redis => redis;

    /// <summary>The balancer's address: the one public name of the replicas.</summary>
    public Uri PublicAddress => balancer.Address;

    /// <summary><c>/mcp</c> through the balancer.</summary>
    public Uri Endpoint => new(balancer.Address, "mcp");

    /// <param name="configuration">
    /// Configuration every replica gets on top of the backplane's and the shared sealing key, given the balancer's
    /// address (e.g. for <c>Auth:PublicBaseUrl</c>).
    /// </param>
    /// <param name="jobDuration">How long the simulator's jobs of every kind take.</param>
    public static async Task<ReplicaSet> StartAsync(
        Func<Uri, IReadOnlyDictionary<string, string?>>? configuration = null, TimeSpan? jobDuration = null, int count = 3)
    {
        var balancerPort = LocalProcess.FreePort();
        var publicAddress = new Uri($"http://127.0.0.1:{balancerPort.ToString(CultureInfo.InvariantCulture)}/");
        var redis = await RedisServer.StartAsync();
        var simulator = await RunningSimulator.StartAsync(options =>
        {
            foreach (var kind in Enum.GetValues<JobKind>())
            {
                options.JobDurations[kind] = jobDuration ?? TimeSpan.FromMilliseconds(800);
            }
        });
        var shared = new Dictionary<string, string?>
        {
            ["Backplane:Redis"] = redis.Configuration,
            ["Auth:SealingKeys:0:Id"] = "shared",
            ["Auth:SealingKeys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in configuration?.Invoke(publicAddress) ?? new Dictionary<string, string?>())
        {
            shared[key] = value;
        }

        var replicas = new List<McpServerHarness>();
        for (var i = 0; i < count; i++)
        {
            replicas.Add(await McpServerHarness.StartAsync(McpHarnessSettings.Default with { Upstream = simulator, Configuration = shared }));
        }

        var balancer = await RoundRobinBalancer.StartAsync(balancerPort, replicas.Select(replica => replica.ServerUri));
        return new ReplicaSet(redis, simulator, replicas, balancer);
    }

    /// <summary>The replica the balancer names <paramref name="servedBy"/> (<c>r0</c>, <c>r1</c>, …).</summary>
    public McpServerHarness Replica(string servedBy) => replicas[int.Parse(servedBy.AsSpan(1), CultureInfo.InvariantCulture)];

    public IReadOnlyList<McpServerHarness> Replicas => replicas;

    /// <summary>A new key the simulator knows; every replica's log lines are checked for it.</summary>
    public string NewKey(RateTier tier = RateTier.Unlimited)
    {
        var key = replicas[0].NewKey(tier: tier);
        foreach (var replica in replicas.Skip(1))
        {
            replica.Watch(key);
        }

        return key;
    }

    public IReadOnlyList<RecordedRequest> RequestsBy(string key, IDryApiOperation operation) => replicas[0].RequestsBy(key, operation);

    public async ValueTask DisposeAsync()
    {
        balancer.Dispose();
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }

        await simulator.DisposeAsync();
        redis.Dispose();
    }
}
