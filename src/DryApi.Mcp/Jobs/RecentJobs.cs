using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DryApi.Client;
using DryApi.Client.Http;
using DryApi.Client.Requests;
using DryApi.Mcp.Hosting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Jobs;

/// <summary>
/// The jobs each API key submitted within <see cref="McpHostOptions.DuplicateCallWindow"/>, so a retried paid call
/// follows the job it already paid for instead of submitting it again. A call is identified by the caller's credential
/// fingerprint, the tool and the SHA-256 of its resolved request (file contents by their hash); only those hashes,
/// request_ids and times are held, never the request itself. In memory, so per replica.
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

    public RecentJobs(IOptions<McpHostOptions> options, TimeProvider time)
    {
        window = options.Value.DuplicateCallWindow;
        this.time = time;
        jobs = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxRemembered, Clock = new Clock(time) });
    }

    /// <summary>
    /// The job an identical earlier call started (waiting for its submission when one is under way), or, when there is
    /// none or <paramref name="newJob"/> is set, the right to submit: the claim's owner reports the request_id or
    /// disposes the claim unsubmitted, which lets identical calls waiting on it submit themselves.
    /// </summary>
    public async Task<JobClaim> ClaimAsync<TJob>(DryApiCredential credential, string tool, TJob job, bool newJob, CancellationToken cancellationToken)
        where TJob : class
    {
        if (window <= TimeSpan.Zero)
        {
            return new JobClaim(this, key: null, earlier: null, submission: null);
        }

        var key = Key(credential, tool, job);
        while (true)
        {
            Task<RecentJob> underWay;
            lock (submitting)
            {
                if (newJob || !submitting.TryGetValue(key, out underWay!))
                {
                    if (!newJob && jobs.TryGetValue(key, out RecentJob? earlier) && earlier is not null)
                    {
                        return new JobClaim(this, key, earlier, submission: null);
                    }

                    var submission = new TaskCompletionSource<RecentJob>(TaskCreationOptions.RunContinuationsAsynchronously);
                    submitting[key] = submission.Task;
                    return new JobClaim(this, key, earlier: null, submission);
                }
            }

            try
            {
                return new JobClaim(this, key, await underWay.WaitAsync(cancellationToken), submission: null);
            }
            catch (SubmissionAbandonedException)
            {
                // The identical call under way submitted nothing (refused, over a limit): this one tries for itself.
            }
        }
    }

    public void Dispose() => jobs.Dispose();

    internal void Submitted(string key, TaskCompletionSource<RecentJob> submission, string requestId)
    {
        var job = new RecentJob(requestId, time.GetUtcNow());
        lock (submitting)
        {
            jobs.Set(key, job, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = window });
            EndSubmission(key, submission.Task);
        }

        submission.SetResult(job);
    }

    internal void Abandoned(string key, TaskCompletionSource<RecentJob> submission)
    {
        lock (submitting)
        {
            EndSubmission(key, submission.Task);
        }

        submission.SetException(new SubmissionAbandonedException());
    }

    /// <summary>Forgets the job under the key if it is still <paramref name="requestId"/> (a newer one is kept).</summary>
    internal void Forget(string key, string requestId)
    {
        lock (submitting)
        {
            if (jobs.TryGetValue(key, out RecentJob? job) && job?.RequestId == requestId)
            {
                jobs.Remove(key);
            }
        }
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
/// submit (report it with <see cref="Submitted"/>; disposing the claim without it tells identical callers nothing was).
/// </summary>
internal sealed class JobClaim(RecentJobs owner, string? key, RecentJob? earlier, TaskCompletionSource<RecentJob>? submission) : IDisposable
{
    private bool settled;

    public RecentJob? Earlier => earlier;

    /// <summary>The record of this call in <see cref="RecentJobs"/> (null when calls are not remembered), for <see cref="RecentJobs.Forget"/>.</summary>
    public string? Key => key;

    public void Submitted(string requestId)
    {
        if (key is not null && submission is not null && !settled)
        {
            settled = true;
            owner.Submitted(key, submission, requestId);
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
            owner.Abandoned(key, submission);
        }
    }
}

internal sealed class SubmissionAbandonedException() : Exception("The identical call under way submitted nothing.");
