using DryApi.Client.Contract;
using DryApi.Client.Responses;

namespace DryApi.Mcp.Bench;

/// <summary>
/// A simulated job: <c>pending</c>, then <c>processing</c> with progress following <c>share^Curve</c> (1 is linear;
/// below 1 fast early and slow late, above 1 the reverse, as real models are), then <c>done</c> at <see cref="Duration"/>.
/// </summary>
internal sealed record JobTimeline(JobKind Kind, TimeSpan Pending, TimeSpan Duration, double Curve)
{
    /// <summary>The mix: images 2–15 s, audio 5–60 s, video 30–300 s, each drawn uniformly, from a fixed seed.</summary>
    public static IReadOnlyList<JobTimeline> Mix(int seed, int perKind)
    {
        var random = new Random(seed);
        (JobKind Kind, double Shortest, double Longest)[] kinds = [(JobKind.Image, 2, 15), (JobKind.Audio, 5, 60), (JobKind.Video, 30, 300)];
        return [.. kinds.SelectMany(kind => Enumerable.Range(0, perKind).Select(_ =>
        {
            var duration = TimeSpan.FromSeconds(kind.Shortest + (random.NextDouble() * (kind.Longest - kind.Shortest)));
            var pending = duration * (0.05 + (random.NextDouble() * 0.15));
            return new JobTimeline(kind.Kind, pending, duration, 0.7 + (random.NextDouble() * 0.7));
        }))];
    }

    public JobStatus At(TimeSpan elapsed)
    {
        if (elapsed >= Duration)
        {
            return new JobStatus { Status = JobStatuses.Done, Progress = 100, ResultUrl = "https://example.invalid/result.png" };
        }

        if (elapsed < Pending)
        {
            return new JobStatus { Status = JobStatuses.Pending };
        }

        var share = (elapsed - Pending) / (Duration - Pending);
        return new JobStatus { Status = JobStatuses.Processing, Progress = Math.Min(99.99, Math.Round(Math.Pow(share, Curve) * 100, 2)) };
    }
}
