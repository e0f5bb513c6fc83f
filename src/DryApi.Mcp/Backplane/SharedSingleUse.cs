using DryApi.Mcp.Auth;
using StackExchange.Redis;

namespace DryApi.Mcp.Backplane;

/// <summary>
/// Single use across replicas: an id (a fingerprint, never the artefact) is used once in this replica's
/// <see cref="SingleUseRecord"/> and once in Redis, where its key expires with the artefact. Either having seen it
/// refuses it; while Redis does not answer, this replica's record alone decides.
/// </summary>
internal sealed class SharedSingleUse(string kind, SingleUseRecord local, RedisBackplane backplane, TimeProvider timeProvider)
{
    /// <summary>Refresh tokens may carry no expiry; their record is kept no longer than this.</summary>
    private static readonly TimeSpan LongestKept = TimeSpan.FromDays(90);

    /// <summary>True the first time <paramref name="id"/> is used on any replica.</summary>
    public async Task<bool> TryUseAsync(string id, DateTimeOffset expires)
    {
        if (!local.TryUse(id, expires))
        {
            return false;
        }

        var keep = expires - timeProvider.GetUtcNow();
        keep = keep > LongestKept ? LongestKept : keep;
        if (keep <= TimeSpan.Zero)
        {
            return true;
        }

        var (answered, first) = await backplane.TryAsync(database =>
            database.StringSetAsync($"{RedisBackplane.Prefix}used:{kind}:{id}", 1, keep, When.NotExists));
        return !answered || first;
    }
}
