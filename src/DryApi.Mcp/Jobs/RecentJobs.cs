using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DryApi.Client;
using DryApi.Client.Http;
using DryApi.Client.Requests;
using DryApi.Mcp.Backplane;
using DryApi.Mcp.Hosting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Jobs;

/// <summary>
/// The jobs each API key submitted within <see cref="McpHostOptions.DuplicateCallWindow"/>, so a retried paid call
/// follows the job it already paid for instead of submitting it again. A call is identified by the caller's credential
/// fingerprint, the tool and the SHA-256 of its resolved request (file contents by their hash); only those hashes,
/// request_ids and times are held, never the request itself. In memory, and with a backplane also in Redis, so an
/// identical call on another replica follows the same job (<see cref="SharedRecentJobs"/>).
/// </summary>
internal sealed class RecentJobs : IDisposable
{
    /// <summary>Enough for every key of a busy replica within the window; past it a new job is simply not remembered.</summary>
    public const int MaxRemembered = 10_000;

    private static readonly JsonSerializerOptions FingerprintJson = CreateFingerprintJson();

    private readonly MemoryCache jobs;
    private readonly Dictionary<string, Task<RecentJob>> submitting = new(StringComparer.Ordinal);
    private readonly TimeSpan window;
    private readonly TimeProvider time;
    private readonly SharedRecentJobs shared;

    public RecentJobs(IOptions<McpHostOptions> options, RedisBackplane backplane, TimeProvider time)
    {
        window = options.Value.DuplicateCallWindow;
        this.time = time;
        shared = new SharedRecentJobs(backplane);
        jobs = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxRemembered, Clock = new Clock(time) });
    }

    /// <summary>
    /// The job an identical earlier call started (waiting for its submission when one is under way, here or on another
    /// replica), or, when there is none or <paramref name="newJob"/> is set, the right to submit: the claim's owner
    /// reports the request_id or disposes the claim unsubmitted, which lets identical calls waiting on it submit themselves.
    /// </summary>
    public async Task<JobClaim> ClaimAsync<TJob>(DryApiCredential credential, string tool, TJob job, bool newJob, CancellationToken cancellationToken)
        where TJob : class
    {
        if (window <= TimeSpan.Zero)
        {
            return new JobClaim(this, key: null, earlier: null, submission: null, sharedToken: null);
        }

        var key = Key(credential, tool, job);
        while (true)
        {
            Task<RecentJob>? underWay = null;
            TaskCompletionSource<RecentJob>? submission = null;
            lock (submitting)
            {
                if (newJob || !submitting.TryGetValue(key, out underWay))
                {
                    if (!newJob && jobs.TryGetValue(key, out RecentJob? earlier) && earlier is not null)
                    {
                        return new JobClaim(this, key, earlier, submission: null, sharedToken: null);
                    }

                    submission = new TaskCompletionSource<RecentJob>(TaskCreationOptions.RunContinuationsAsynchronously);
                    submitting[key] = submission.Task;
                }
            }

            if (submission is not null)
            {
                return newJob
                    ? new JobClaim(this, key, earlier: null, submission, sharedToken: null)
                    : await ClaimOnEveryReplicaAsync(key, submission, cancellationToken);
            }

            try
            {
                return new JobClaim(this, key, await underWay!.WaitAsync(cancellationToken), submission: null, sharedToken: null);
            }
            catch (SubmissionAbandonedException)
            {
                // The identical call under way submitted nothing (refused, over a limit): this one tries for itself.
            }
        }
    }

    /// <summary>
    /// With this replica's claim held, asks the backplane: another replica's identical job settles the claim here too
    /// (so identical calls waiting on this one follow it); else the claim is this call's, shared or, without Redis, local.
    /// </summary>
    private async Task<JobClaim> ClaimOnEveryReplicaAsync(string key, TaskCompletionSource<RecentJob> submission, CancellationToken cancellationToken)
    {
        SharedClaim everywhere;
        try
        {
            everywhere = await shared.ClaimAsync(key, window, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Abandoned(key, submission, sharedToken: null);
            throw;
        }

        if (everywhere.Earlier is { } earlier)
        {
            Remember(key, submission, earlier);
            return new JobClaim(this, key, earlier, submission: null, sharedToken: null);
        }

        return new JobClaim(this, key, earlier: null, submission, everywhere.Token);
    }

    public void Dispose() => jobs.Dispose();

    internal async Task SubmittedAsync(string key, TaskCompletionSource<RecentJob> submission, string requestId)
    {
        var job = new RecentJob(requestId, time.GetUtcNow());
        Remember(key, submission, job);
        await shared.SubmittedAsync(key, job, window);
    }

    internal void Abandoned(string key, TaskCompletionSource<RecentJob> submission, string? sharedToken)
    {
        lock (submitting)
        {
            EndSubmission(key, submission.Task);
        }

        submission.SetException(new SubmissionAbandonedException());
        if (sharedToken is not null)
        {
            // Never fails (the backplane swallows its errors); not awaited, as a claim is disposed synchronously.
            _ = shared.AbandonedAsync(key, sharedToken);
        }
    }

    /// <summary>Forgets the job under the key if it is still <paramref name="requestId"/> (a newer one is kept), on every replica.</summary>
    internal void Forget(string key, string requestId)
    {
        lock (submitting)
        {
            if (jobs.TryGetValue(key, out RecentJob? job) && job?.RequestId == requestId)
            {
                jobs.Remove(key);
            }
        }

        // Never fails (the backplane swallows its errors).
        _ = shared.ForgetAsync(key, requestId);
    }

    private void Remember(string key, TaskCompletionSource<RecentJob> submission, RecentJob job)
    {
        lock (submitting)
        {
            jobs.Set(key, job, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = window });
            EndSubmission(key, submission.Task);
        }

        submission.SetResult(job);
    }

    private void EndSubmission(string key, Task<RecentJob> submission)
    {
        if (submitting.TryGetValue(key, out var current) && current == submission)
        {
            submitting.Remove(key);
        }
    }

    private static string Key<TJob>(DryApiCredential credential, string tool, TJob job)
        where TJob : class
    {
        var request = JsonSerializer.SerializeToUtf8Bytes(job, FingerprintJson);
        var text = new byte[Encoding.UTF8.GetByteCount(tool) + 1 + request.Length];
        var written = Encoding.UTF8.GetBytes(tool, text);
        text[written] = (byte)'\n';
        request.CopyTo(text, written + 1);
        return credential.Fingerprint + ":" + Convert.ToHexString(SHA256.HashData(text));
    }

    /// <summary>dryAPI's JSON of a request, a file written as the SHA-256 of its bytes and its media type.</summary>
    private static JsonSerializerOptions CreateFingerprintJson()
    {
        var options = new JsonSerializerOptions(DryApiJson.Options);
        options.Converters.Add(new FileAsHash());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class FileAsHash : JsonConverter<DryApiFile>
    {
        public override DryApiFile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A file's fingerprint cannot be read back.");

        public override void Write(Utf8JsonWriter writer, DryApiFile value, JsonSerializerOptions options) =>
            writer.WriteStringValue($"{value.ContentType}:{Convert.ToHexString(SHA256.HashData(value.Content.Span))}");
    }

    /// <summary>The cache's expiry runs on the host's <see cref="TimeProvider"/>, so tests can move it.</summary>
    private sealed class Clock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}

/// <summary>A job a call submitted: its request_id, and when dryAPI accepted it.</summary>
internal sealed record RecentJob(string RequestId, DateTimeOffset SubmittedAt);

/// <summary>
/// What <see cref="RecentJobs.ClaimAsync"/> found: an <see cref="Earlier"/> identical job to follow, or the right to
/// submit (report it with <see cref="SubmittedAsync"/>; disposing the claim without it tells identical callers nothing was).
/// </summary>
internal sealed class JobClaim(RecentJobs owner, string? key, RecentJob? earlier, TaskCompletionSource<RecentJob>? submission, string? sharedToken) : IDisposable
{
    private bool settled;

    public RecentJob? Earlier => earlier;

    /// <summary>The record of this call in <see cref="RecentJobs"/> (null when calls are not remembered), for <see cref="RecentJobs.Forget"/>.</summary>
    public string? Key => key;

    public async Task SubmittedAsync(string requestId)
    {
        if (key is not null && submission is not null && !settled)
        {
            settled = true;
            await owner.SubmittedAsync(key, submission, requestId);
        }
    }

    /// <summary>The job ended in error: an identical call submits again rather than following it.</summary>
    public void Failed(string requestId)
    {
        if (key is not null)
        {
            owner.Forget(key, requestId);
        }
    }

    public void Dispose()
    {
        if (key is not null && submission is not null && !settled)
        {
            settled = true;
            owner.Abandoned(key, submission, sharedToken);
        }
    }
}

internal sealed class SubmissionAbandonedException() : Exception("The identical call under way submitted nothing.");
