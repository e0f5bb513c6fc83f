using DryApi.Simulator;
using static DryApi.Mcp.Tests.Reliability.FaultsExpectation;

namespace DryApi.Mcp.Tests.Reliability;

/// <summary>
/// Each fault hits the status polls of a job that dryAPI accepted: a passing fault is ridden out to the result, a
/// lasting one ends the wait with the request_id and how to follow the job, and the job is never submitted again.
/// </summary>
public sealed class FaultsOnPollingTests(FaultsHarness fixture) : IClassFixture<FaultsHarness>
{
    private const string Polls = "/request-status/";

    private static readonly FaultsCase[] Faults =
    [
        new("500, lasting", (key, _) => [Status(key, 500, count: null)], Error, ["(500)", "could not be checked"]),
        new("503, passing", (key, _) => [Status(key, 503, count: 2)], Result, []),
        new("timeout, passing", (key, _) => [new FaultRule(FaultKind.Slow) { ApiKey = key, PathContains = Polls, Delay = FaultsMatrix.BeyondTimeout }], Result, []),
        new("connection dropped, passing", (key, _) => [new FaultRule(FaultKind.DropBeforeHandling) { ApiKey = key, PathContains = Polls, Count = 2 }], Result, []),
        new("connection dropped, lasting", (key, _) => [new FaultRule(FaultKind.DropAfterHandling) { ApiKey = key, PathContains = Polls, Count = null }], Error, ["could not be checked"]),
        new("malformed JSON, passing", (key, _) => [new FaultRule(FaultKind.MalformedJson) { ApiKey = key, PathContains = Polls }], Result, []),
        new("429 RPM, short Retry-After", (key, _) => [Status(key, 429, count: 1) with { RetryAfterSeconds = 1 }], Result, []),
        new("429 RPD, lasting", (key, _) => [Status(key, 429, count: null) with { RateLimitType = "daily", RetryAfterSeconds = 3600 }], Error, ["(429)", "per day"]),
        new("401 key revoked mid-session", (key, _) => [Status(key, 401, count: null)], Error, ["(401)", "API key", "check_job_status"]),
    ];

    public static TheoryData<string, string> Cells => FaultsMatrix.Cells(FaultsJobTool.OnePerKind, Faults);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Polling_fault_never_loses_the_request_id(string tool, string fault) =>
        FaultsMatrix.RunAsync(fixture.Harness, tool, Faults.Single(candidate => candidate.Name == fault));

    private static FaultRule Status(string key, int status, int? count) =>
        new(FaultKind.Status) { ApiKey = key, PathContains = Polls, StatusCode = status, Count = count };
}
