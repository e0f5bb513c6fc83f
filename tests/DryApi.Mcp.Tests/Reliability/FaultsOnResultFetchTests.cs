using DryApi.Simulator;
using static DryApi.Mcp.Tests.Reliability.FaultsExpectation;

namespace DryApi.Mcp.Tests.Reliability;

/// <summary>
/// The host serving finished results fails: the agent still gets the request_id and the signed result URL. The text tools
/// ask for their result inline, so the text arrives all the same; the fallback download of text that did not come inline
/// is held to the same rule in <see cref="ResultTextReaderTests"/>. The cells run one at a time (one class), because a
/// download carries no key to aim the fault at.
/// </summary>
public sealed class FaultsOnResultFetchTests(FaultsHarness fixture) : IClassFixture<FaultsHarness>
{
    private const string Downloads = "/_sim/results/";

    private static readonly FaultsCase[] Faults =
    [
        new("500", (_, _) => [new FaultRule(FaultKind.Status) { PathContains = Downloads, StatusCode = 500 }], Result, ["is done. Result: http"]),
        new("503", (_, _) => [new FaultRule(FaultKind.Status) { PathContains = Downloads, StatusCode = 503 }], Result, ["is done. Result: http"]),
        new("connection dropped", (_, _) => [new FaultRule(FaultKind.DropBeforeHandling) { PathContains = Downloads }], Result, ["is done. Result: http"]),
    ];

    public static TheoryData<string, string> Cells => FaultsMatrix.Cells(FaultsJobTool.WithTextResult, Faults);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Result_fetch_fault_leaves_the_agent_a_way_to_the_result(string tool, string fault) =>
        FaultsMatrix.RunAsync(fixture.Harness, tool, Faults.Single(candidate => candidate.Name == fault));
}
