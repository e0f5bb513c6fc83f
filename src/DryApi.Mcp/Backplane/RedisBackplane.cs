using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DryApi.Mcp.Backplane;

/// <summary>
/// The connection to Redis that replicas share state through, when <see cref="BackplaneOptions.Redis"/> is set. Every
/// use is a try: while Redis cannot be reached, <see cref="TryAsync{T}"/> answers null at once (no command waits in a
/// backlog), the caller falls back to this replica's memory, and a warning is logged when that starts and when it ends.
/// Keys expire and hold only fingerprints, request_ids and counters.
/// </summary>
internal sealed partial class RedisBackplane : IAsyncDisposable
{
    /// <summary>Every key and channel of ours starts with this, so a Redis shared with other programs stays tidy.</summary>
    public const string Prefix = "dryapi-mcp:";

    /// <summary>A command that takes longer is treated as Redis being down: a tool call never waits long on it.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    private readonly ILogger<RedisBackplane> logger;
    private readonly Lazy<Task<ConnectionMultiplexer>> connection;
    private readonly List<(RedisChannel Channel, Action<string> Handle)> subscriptions = [];
    private int degraded;

    public RedisBackplane(IOptions<BackplaneOptions> options, ILogger<RedisBackplane> logger)
    {
        this.logger = logger;
        var configuration = options.Value.Redis;
        Enabled = !string.IsNullOrWhiteSpace(configuration);
        connection = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectAsync(configuration!));
    }

    /// <summary>Whether a backplane is configured (not whether Redis answers now).</summary>
    public bool Enabled { get; }

    /// <summary>Whether Redis answers now.</summary>
    public bool Connected => Multiplexer?.IsConnected == true;

    /// <summary>The endpoints configured, for messages (a configuration string can hold a password; this never does).</summary>
    public string Endpoints => Multiplexer is { } multiplexer
        ? string.Join(", ", multiplexer.GetEndPoints().Select(endpoint => endpoint.ToString()))
        : "Redis";

    /// <summary>The connection once made; null without a backplane, before <see cref="Start"/> and while connecting.</summary>
    private ConnectionMultiplexer? Multiplexer =>
        Enabled && connection.IsValueCreated && connection.Value.IsCompletedSuccessfully ? connection.Value.Result : null;

    /// <summary>Connects (in the background: start-up never waits for Redis) and subscribes to what was registered.</summary>
    public void Start()
    {
        if (Enabled)
        {
            _ = connection.Value;
        }
    }

    /// <summary>
    /// Calls <paramref name="use"/> while Redis is connected. Not answered when there is no backplane, Redis is down, or
    /// the command fails or times out: the caller then does what one replica alone does.
    /// </summary>
    public async Task<(bool Answered, T Value)> TryAsync<T>(Func<IDatabase, Task<T>> use)
    {
        if (!Enabled)
        {
            return (false, default!);
        }

        if (Multiplexer is not { IsConnected: true } multiplexer)
        {
            Degraded("it is not connected");
            return (false, default!);
        }

        try
        {
            var answer = await use(multiplexer.GetDatabase()).WaitAsync(CommandTimeout);
            Recovered();
            return (true, answer);
        }
        catch (Exception exception)
        {
            // Whatever goes wrong with Redis (refused, timed out, disposed at shutdown) must not fail a tool call.
            Degraded(exception.GetType().Name);
            return (false, default!);
        }
    }

    /// <summary>Publishes <paramref name="message"/> to every replica (this one included); false when it could not.</summary>
    public async Task<bool> PublishAsync(string channel, string message) =>
        (await TryAsync(database => database.Multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(Prefix + channel), message))).Answered;

    /// <summary>Registers a handler for a channel; call before <see cref="Start"/> (constructors of singletons do).</summary>
    public void Subscribe(string channel, Action<string> handle) => subscriptions.Add((RedisChannel.Literal(Prefix + channel), handle));

    public async ValueTask DisposeAsync()
    {
        if (Multiplexer is { } multiplexer)
        {
            await multiplexer.DisposeAsync();
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "dryapi-mcp";
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        multiplexer.ConnectionFailed += (_, failure) => Degraded(failure.FailureType.ToString());
        multiplexer.ConnectionRestored += (_, _) => Recovered();
        var subscriber = multiplexer.GetSubscriber();
        foreach (var (channel, handle) in subscriptions)
        {
            // Subscriptions are renewed by the multiplexer after a reconnection.
            await subscriber.SubscribeAsync(channel, (_, message) => handle(message.ToString()));
        }

        if (!multiplexer.IsConnected)
        {
            Degraded("it could not be reached at start-up");
        }

        return multiplexer;
    }

    private void Degraded(string why)
    {
        if (Interlocked.Exchange(ref degraded, 1) == 0)
        {
            LogUnavailable(logger, why);
        }
    }

    private void Recovered()
    {
        if (Interlocked.Exchange(ref degraded, 0) == 1)
        {
            LogBack(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "The Redis backplane is unavailable ({Why}): until it is back, each replica keeps cancellations, duplicate-call protection, single-use codes, webhooks and status budgets to itself.")]
    private static partial void LogUnavailable(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Redis backplane is back: replicas share state again.")]
    private static partial void LogBack(ILogger logger);
}
