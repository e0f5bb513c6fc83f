using DryApi.Simulator;
using static DryApi.Mcp.Tests.Reliability.FaultsExpectation;

namespace DryApi.Mcp.Tests.Reliability;

/// <summary>Each fault hits the job's submission: the agent learns whether a job was queued, and none is queued twice.</summary>
public sealed class FaultsOnSubmissionTests(FaultsHarness fixture) : IClassFixture<FaultsHarness>
{
    private static readonly FaultsCase[] Faults =
    [
        new("500", (key, tool) => [Status(key, tool, 500)], Error, ["(500)", "not resent"]),
        new("503", (key, tool) => [Status(key, tool, 503)], Error, ["(503)", "not resent"]),
        new("timeout", (key, tool) => [new FaultRule(FaultKind.Slow) { ApiKey = key, PathContains = FaultsMatrix.SubmissionPath(tool), Delay = FaultsMatrix.BeyondTimeout }],
            AnswerLost, ["did not answer within", "may be queued"], Settle: TimeSpan.FromSeconds(1)),
        new("connection dropped before handling", (key, tool) => [Rule(FaultKind.DropBeforeHandling, key, tool)], AnswerLost, ["may be queued"]),
        new("connection dropped after handling", (key, tool) => [Rule(FaultKind.DropAfterHandling, key, tool)], AnswerLost, ["may be queued"]),
        new("malformed JSON", (key, tool) => [Rule(FaultKind.MalformedJson, key, tool)], AnswerLost, ["could not be read", "may be queued"]),
        new("429 RPM, short Retry-After", (key, tool) => [RateLimit(key, tool, "minute", 1)], Result, [], Submissions: 2),
        new("429 RPM, long Retry-After", (key, tool) => [RateLimit(key, tool, "minute", 60)], Error, ["(429)", "per minute", "Nothing was queued", "Retry after 60 s"]),
        new("429 RPD", (key, tool) => [RateLimit(key, tool, "daily", 3600)], Error, ["(429)", "per day", "Nothing was queued"]),
        new("401 key revoked", (key, tool) => [Status(key, tool, 401)], Error, ["(401)", "API key"]),
    ];

    public static TheoryData<string, string> Cells => FaultsMatrix.Cells(FaultsJobTool.OnePerKind, Faults);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Submission_fault_gives_a_clear_outcome_and_never_a_duplicate_job(string tool, string fault) =>
        FaultsMatrix.RunAsync(fixture.Harness, tool, Faults.Single(candidate => candidate.Name == fault));

    private static FaultRule Rule(FaultKind kind, string key, FaultsJobTool tool) =>
        new(kind) { ApiKey = key, PathContains = FaultsMatrix.SubmissionPath(tool) };

    private static FaultRule Status(string key, FaultsJobTool tool, int status) => Rule(FaultKind.Status, key, tool) with { StatusCode = status };

    private static FaultRule RateLimit(string key, FaultsJobTool tool, string window, int retryAfterSeconds) =>
        Status(key, tool, 429) with { RateLimitType = window, RetryAfterSeconds = retryAfterSeconds };
}
