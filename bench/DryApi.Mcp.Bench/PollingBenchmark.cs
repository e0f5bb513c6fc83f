using DryApi.Client.Contract;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tests.Support;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Bench;

/// <summary>
/// Section 3: the same jobs waited by our policy and by dryAPI's hosted-server policy (Polling:IgnoreProgress),
/// the real <see cref="JobWaiter"/> on a virtual clock, so the figures are exact and reproducible (fixed seeds).
/// </summary>
internal static class PollingBenchmark
{
    private const int Seed = 20260808;
    private const int JobsPerKind = 200;
    private const int BasicStatusRequestsPerMinute = 50;
    private const double RequestShareTarget = 0.50;
    private const double DelayShareTarget = 0.10;
    private static readonly TimeSpan Budget = TimeSpan.FromHours(1);

    private sealed record Waited(JobTimeline Job, TimeSpan DetectionDelay, IReadOnlyList<TimeSpan> Polls)
    {
        /// <summary>The most status requests this job's wait sent in any 60 seconds.</summary>
        public int PeakPerMinute => Polls.Select((at, index) => Polls.Skip(index).Count(later => later - at < TimeSpan.FromMinutes(1))).Max();

        /// <summary>The longest time without a status request, from the start of the wait: how stale reported progress can get.</summary>
        public TimeSpan LongestGap => Polls.Select((at, index) => at - (index == 0 ? TimeSpan.Zero : Polls[index - 1])).Max();
    }

    public static async Task RunAsync()
    {
        var jobs = JobTimeline.Mix(Seed, JobsPerKind);
        var ours = await WaitAllAsync(jobs, new PollingOptions(), new Random(Seed));
        var hosted = await WaitAllAsync(jobs, new PollingOptions { IgnoreProgress = true }, new Random(Seed));

        var table = new MarkdownTable(
            "jobs", "policy", "median detection delay s", "p90 s", "median status requests per job", "mean", "max", "longest gap s", "peak per job per minute", "jobs at once within Basic's 50/min");
        foreach (var (name, filter) in (ValueTuple<string, Func<JobTimeline, bool>>[])
            [("all", _ => true), ("image 2–15 s", job => job.Kind == JobKind.Image), ("audio 5–60 s", job => job.Kind == JobKind.Audio), ("video 30–300 s", job => job.Kind == JobKind.Video)])
        {
            foreach (var (policy, waits) in (ValueTuple<string, IReadOnlyList<Waited>>[])[("ours", ours), ("hosted", hosted)])
            {
                var chosen = waits.Where(wait => filter(wait.Job)).ToArray();
                var delays = chosen.Select(wait => wait.DetectionDelay.TotalSeconds).Order().ToArray();
                var peak = chosen.Max(wait => wait.PeakPerMinute);
                table.Add(name, policy, LoadLoop.Percentile(delays, 0.5), LoadLoop.Percentile(delays, 0.9),
                    MedianRequests(chosen), chosen.Average(wait => wait.Polls.Count), chosen.Max(wait => wait.Polls.Count),
                    chosen.Max(wait => wait.LongestGap.TotalSeconds), peak, BasicStatusRequestsPerMinute / peak);
            }
        }

        var ourDelay = MedianDelay(ours);
        var hostedDelay = MedianDelay(hosted);
        var ourRequests = MedianRequests(ours);
        var hostedRequests = MedianRequests(hosted);
        Console.WriteLine($"### 3. Polling efficiency ({jobs.Count} jobs, {JobsPerKind} per kind, seed {Seed}, virtual time)");
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine(new MarkdownTable("measure", "ours", "hosted", "target")
            .Add("median status requests per job", ourRequests, hostedRequests,
                $"ours ≤ {RequestShareTarget * 100:0}% of hosted ({ourRequests / hostedRequests * 100:0}%): {MarkdownTable.Met(ourRequests <= RequestShareTarget * hostedRequests)}")
            .Add("median detection delay (s)", ourDelay, hostedDelay,
                $"ours ≤ {DelayShareTarget * 100:0}% of hosted ({ourDelay / hostedDelay * 100:0}%): {MarkdownTable.Met(ourDelay <= DelayShareTarget * hostedDelay)}")
            .Add("status requests, all jobs", ours.Sum(wait => wait.Polls.Count), hosted.Sum(wait => wait.Polls.Count), ""));
    }

    private static double MedianDelay(IReadOnlyList<Waited> waits) =>
        LoadLoop.Percentile([.. waits.Select(wait => wait.DetectionDelay.TotalSeconds).Order()], 0.5);

    private static double MedianRequests(IReadOnlyList<Waited> waits) =>
        LoadLoop.Percentile([.. waits.Select(wait => (double)wait.Polls.Count).Order()], 0.5);

    private static async Task<IReadOnlyList<Waited>> WaitAllAsync(IReadOnlyList<JobTimeline> jobs, PollingOptions options, Random jitter)
    {
        var waits = new List<Waited>();
        foreach (var job in jobs)
        {
            var clock = new ManualTimeProvider();
            var start = clock.GetUtcNow();
            var polls = new List<TimeSpan>();
            var waiter = new JobWaiter(clock, Options.Create(options), random: jitter);
            var wait = await clock.RunAsync(waiter.WaitAsync(
                _ =>
                {
                    polls.Add(clock.GetUtcNow() - start);
                    return Task.FromResult(job.At(polls[^1]));
                },
                job.Kind, Budget, _ => ValueTask.CompletedTask, CancellationToken.None));
            if (wait.End != JobWaitEnd.Finished)
            {
                throw new InvalidOperationException($"A {job.Kind} job of {job.Duration} was not seen finished: {wait.End}.");
            }

            waits.Add(new Waited(job, polls[^1] - job.Duration, polls));
        }

        return waits;
    }
}
