using System.Globalization;
using DryApi.Mcp.Jobs;
using StackExchange.Redis;

namespace DryApi.Mcp.Backplane;

/// <summary>What the backplane knows of an identical call: its job, or that this replica now holds the right to submit.</summary>
internal readonly record struct SharedClaim(RecentJob? Earlier, string? Token);

/// <summary>
/// Duplicate-call protection across replicas. Each remembered call is one Redis key (the credential fingerprint and the
/// request's hash, as <see cref="RecentJobs"/> names it) holding either a claim (<c>pending:</c> and a random token,
/// while its replica submits) or the job (<c>request_id</c> and the submission time); it expires with the window.
/// An identical call elsewhere follows the job, or waits for the claim to turn into one.
/// </summary>
internal sealed class SharedRecentJobs(RedisBackplane backplane)
{
    private const string Pending = "pending:";

    /// <summary>Deletes the key only while it still holds the claim token ARGV[1].</summary>
    private const string DeleteClaim = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    /// <summary>Deletes the key only while it still holds the job whose request_id is ARGV[1].</summary>
    private const string DeleteJob =
        "local value = redis.call('GET', KEYS[1]) if value and string.find(value, ARGV[1] .. ' ', 1, true) == 1 then return redis.call('DEL', KEYS[1]) end return 0";

    private static readonly TimeSpan ClaimCheck = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a claim stands without its job: longer than a submission may take (an upload is given 120 s), short
    /// enough that a replica that died while submitting holds identical calls up no longer than this.
    /// </summary>
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Claims the right to submit, or finds the job of an identical call (waiting while another replica submits it).
    /// Neither when Redis does not answer: this replica then decides alone.
    /// </summary>
    public async Task<SharedClaim> ClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var token = Pending + Guid.NewGuid().ToString("N");
        var lifetime = window < ClaimLifetime ? window : ClaimLifetime;
        // Real time, not the host's TimeProvider: the claim it waits on expires on Redis's clock.
        var giveUp = DateTimeOffset.UtcNow + lifetime;
        while (true)
        {
            var (answered, claimed) = await backplane.TryAsync(database => database.StringSetAsync(Key(key), token, lifetime, When.NotExists));
            if (!answered)
            {
                return default;
            }

            if (claimed)
            {
                return new SharedClaim(null, token);
            }

            var (read, value) = await backplane.TryAsync(database => database.StringGetAsync(Key(key)));
            if (!read)
            {
                return default;
            }

            if (Job(value) is { } earlier)
            {
                return new SharedClaim(earlier, null);
            }

            if (DateTimeOffset.UtcNow > giveUp)
            {
                return default;
            }

            // Another replica is submitting it (or its claim just ended): look again shortly.
            await Task.Delay(ClaimCheck, cancellationToken);
        }
    }

    /// <summary>Remembers the job for the window, replacing the claim (or an older job of a <c>new_job</c> call).</summary>
    public Task SubmittedAsync(string key, RecentJob job, TimeSpan window) =>
        backplane.TryAsync(database => database.StringSetAsync(Key(key), Value(job), window));

    /// <summary>Ends a claim that submitted nothing, so identical calls waiting on it submit themselves.</summary>
    public Task AbandonedAsync(string key, string token) =>
        backplane.TryAsync(database => database.ScriptEvaluateAsync(DeleteClaim, [Key(key)], [token]));

    /// <summary>Forgets a job that ended in error, unless a newer one has replaced it.</summary>
    public Task ForgetAsync(string key, string requestId) =>
        backplane.TryAsync(database => database.ScriptEvaluateAsync(DeleteJob, [Key(key)], [requestId]));

    private static RedisKey Key(string key) => RedisBackplane.Prefix + "job:" + key;

    private static string Value(RecentJob job) =>
        job.RequestId + " " + job.SubmittedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static RecentJob? Job(RedisValue value)
    {
        var text = value.ToString();
        var space = text.LastIndexOf(' ');
        return !text.StartsWith(Pending, StringComparison.Ordinal) && space > 0
            && long.TryParse(text.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? new RecentJob(text[..space], DateTimeOffset.FromUnixTimeMilliseconds(milliseconds))
            : null;
    }
}
