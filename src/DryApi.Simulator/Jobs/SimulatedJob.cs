using DryApi.Client.Contract;
using DryApi.Client.Responses;

namespace DryApi.Simulator.Jobs;

/// <summary>A file a finished job produced.</summary>
internal sealed record ResultFile(string Name, string ContentType, byte[] Content);

/// <summary>What a finished job produced: its main file, and for images the JPEG and WebP alternatives.</summary>
internal sealed record JobResult(ResultFile Main, IReadOnlyList<ResultFile> Alternatives)
{
    public ResultFile? File(string name) =>
        Main.Name == name ? Main : Alternatives.FirstOrDefault(f => f.Name == name);
}

/// <summary>How a job is told to fail: dryAPI's error code and message.</summary>
internal sealed record JobFailure(string Code, string Message);

/// <summary>
/// A queued job. Its state is a function of the time elapsed since submission: <c>pending</c>, then
/// <c>processing</c> with rising progress, then <c>done</c> (or <c>error</c> when told to fail, or
/// <c>processing</c> forever when told to stick). The result is made on first use and kept in memory.
/// </summary>
internal sealed class SimulatedJob
{
    private readonly Lazy<JobResult> _result;

    public SimulatedJob(
        Guid id, string ownerKey, DateTimeOffset createdAt, JobTiming timing,
        Func<JobResult> makeResult, bool resultInResponse)
    {
        Id = id;
        OwnerKey = ownerKey;
        CreatedAt = createdAt;
        Timing = timing;
        ResultInResponse = resultInResponse;
        _result = new Lazy<JobResult>(makeResult, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Guid Id { get; }

    public string OwnerKey { get; }

    public DateTimeOffset CreatedAt { get; }

    public JobTiming Timing { get; }

    /// <summary>The request asked for the result inline (<c>return_result_in_response</c>).</summary>
    public bool ResultInResponse { get; }

    public JobFailure? Failure { get; init; }

    public bool Stuck { get; init; }

    public JobResult Result => _result.Value;

    public JobState StateAt(DateTimeOffset now)
    {
        var elapsed = now - CreatedAt;
        if (elapsed >= Timing.Duration && !Stuck)
        {
            return Failure is null ? new JobState(JobStatuses.Done, 100) : new JobState(JobStatuses.Error, 0);
        }

        if (elapsed < Timing.Pending)
        {
            return new JobState(JobStatuses.Pending, 0);
        }

        var working = Timing.Duration - Timing.Pending;
        var share = working <= TimeSpan.Zero ? 1 : (elapsed - Timing.Pending) / working;
        return new JobState(JobStatuses.Processing, Math.Min(99.99, Math.Round(share * 100, 2)));
    }
}

internal readonly record struct JobState(string Status, double Progress);

/// <summary>How long a job waits in the queue and how long it takes in all.</summary>
internal readonly record struct JobTiming(TimeSpan Pending, TimeSpan Duration)
{
    public static JobTiming For(JobKind kind, SimulatorOptions options)
    {
        var duration = options.JobDurations.TryGetValue(kind, out var configured) ? configured : TimeSpan.FromSeconds(3);
        var fraction = Math.Clamp(options.PendingFraction, 0, 1);
        return new JobTiming(duration * fraction, duration);
    }
}
