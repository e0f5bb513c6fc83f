using System.Globalization;
using StackExchange.Redis;

namespace DryApi.Mcp.Backplane;

/// <summary>
/// One API key's status requests across replicas, in Redis, once its limit per minute is known: the times of the
/// requests granted in the last 61 s (a sorted set), what dryAPI's headers showed others to use, and a 429's pause. Each turn is taken by one script on Redis's own clock, with the rules of <c>StatusBudget</c>: no 61 s
/// span holds more than the limit less others' use, the first half goes at once and the rest is spaced evenly.
/// Every key expires; none holds more than the key's fingerprint and numbers.
/// </summary>
public sealed class SharedStatusWindow
{
    private const string Take = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local paused = redis.call('PTTL', KEYS[2])
        if paused > 0 then return paused end
        local window = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local count = redis.call('ZCARD', KEYS[1])
        local capacity = limit - tonumber(redis.call('GET', KEYS[3]) or '0')
        if count >= capacity then
          local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
          if oldest[2] then return math.max(1, tonumber(oldest[2]) + window - now) end
          return window
        end
        if count >= math.floor(capacity / 2) then
          local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
          if last[2] then
            local spaced = tonumber(last[2]) + math.floor(window / limit)
            if spaced > now then return spaced - now end
          end
        end
        redis.call('ZADD', KEYS[1], now, ARGV[3])
        redis.call('PEXPIRE', KEYS[1], window)
        return 0
        """;

    /// <summary>Others' use: what dryAPI counted in the minute beyond the requests this server's replicas granted.</summary>
    private const string Observe = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local window = tonumber(ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local others = tonumber(ARGV[2]) - tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
        if others > 0 then redis.call('SET', KEYS[3], others, 'PX', window) end
        return 0
        """;

    private readonly RedisBackplane backplane;
    private readonly TimeSpan window;
    private readonly RedisKey[] keys;

    internal SharedStatusWindow(RedisBackplane backplane, string fingerprint, TimeSpan window)
    {
        this.backplane = backplane;
        this.window = window;
        keys = [Key(fingerprint, "granted"), Key(fingerprint, "paused"), Key(fingerprint, "others")];
    }

    /// <summary>
    /// Takes a turn: zero when granted, else how long until one may be; null when Redis does not answer (the replica
    /// then decides alone). <paramref name="limit"/> is the key's limit per minute, from dryAPI's headers.
    /// </summary>
    public async Task<TimeSpan?> TryTakeAsync(int limit)
    {
        RedisValue[] arguments = [(long)window.TotalMilliseconds, limit, Guid.NewGuid().ToString("N")];
        var (answered, wait) = await backplane.TryAsync(database => database.ScriptEvaluateAsync(Take, keys, arguments));
        return answered ? TimeSpan.FromMilliseconds((long)wait) : null;
    }

    /// <summary>Shares a status answer's minute limit and remaining count.</summary>
    public Task ObserveAsync(int limit, int remaining) =>
        backplane.TryAsync(database => database.ScriptEvaluateAsync(Observe, keys, [(long)window.TotalMilliseconds, limit, remaining]));

    /// <summary>Shares a 429's pause with every replica.</summary>
    public Task PauseAsync(TimeSpan retryAfter) =>
        backplane.TryAsync(database => database.StringSetAsync(keys[1], 1, retryAfter, When.Always));

    /// <summary>The braces make the fingerprint a hash tag: on a Redis cluster, a key's keys share a slot, as a script needs.</summary>
    private static RedisKey Key(string fingerprint, string part) => string.Create(CultureInfo.InvariantCulture, $"{RedisBackplane.Prefix}status:{{{fingerprint}}}:{part}");
}
