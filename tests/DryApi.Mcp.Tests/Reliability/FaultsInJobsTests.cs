using DryApi.Simulator;
using static DryApi.Mcp.Tests.Reliability.FaultsExpectation;

namespace DryApi.Mcp.Tests.Reliability;

/// <summary>
/// The job itself fails on dryAPI with each documented <c>error_code</c>, or never finishes: the agent gets the code
/// and message, or the request_id to follow the job, and nothing is submitted twice.
/// </summary>
public sealed class FaultsInJobsTests(FaultsHarness fixture) : IClassFixture<FaultsHarness>
{
    /// <summary>The codes dryAPI documents for a failed job (webhooks page, <c>job.failed</c>).</summary>
    private static readonly string[] ErrorCodes =
        ["WORKER_TIMEOUT", "PROCESSING_ERROR", "AGE_RESTRICTED", "CONTEXT_LENGTH_EXCEEDED", "INVALID_INPUT", "UNKNOWN_ERROR"];

    private static readonly FaultsCase[] Faults =
    [
        .. ErrorCodes.Select(code => new FaultsCase(
            "job error " + code,
            (key, tool) => [new FaultRule(FaultKind.JobError) { ApiKey = key, PathContains = FaultsMatrix.SubmissionPath(tool), ErrorCode = code, ErrorMessage = $"Simulated {code}." }],
            Error,
            [code, $"Simulated {code}.", "submit a new job"])),
        new("job never finishes", (key, tool) => [new FaultRule(FaultKind.JobStuck) { ApiKey = key, PathContains = FaultsMatrix.SubmissionPath(tool) }],
            Result, ["still running", "check_job_status", "Do not submit it again"]),
    ];

    public static TheoryData<string, string> Cells => FaultsMatrix.Cells(FaultsJobTool.OnePerKind, Faults);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Failed_or_endless_job_reaches_the_agent_with_its_request_id(string tool, string fault) =>
        FaultsMatrix.RunAsync(fixture.Harness, tool, Faults.Single(candidate => candidate.Name == fault));
}
