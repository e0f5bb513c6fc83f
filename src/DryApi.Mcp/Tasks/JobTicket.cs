using DryApi.Client.Contract;
using DryApi.Mcp.Tools.Results;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tasks;

/// <summary>
/// What a task id stands for, sealed inside it, so that any replica with the same sealing keys answers for the task
/// and nothing is stored: the dryAPI job and its kind, the tool, what the tool's result says of the model and the cost, when the task
/// was created, whose it is (<see cref="Caller"/>, the fingerprint of the caller's key) and the duplicate-call record
/// of the job (<see cref="Claim"/>, forgotten when the job fails so that a retry submits again).
/// </summary>
internal sealed record JobTicket(
    string RequestId, JobKind Kind, string Tool, DateTimeOffset CreatedAt, string Caller, string? Claim, string? Lead, JobFacts Facts, ResultShape Shape)
{
    /// <summary>
    /// The tool's own result: the lead note (an identical earlier call's job) first, as the tool adds it, and without
    /// resource links when the calling client renders Apps, as the tool would have answered it.
    /// </summary>
    public CallToolResult Dress(CallToolResult shaped)
    {
        if (Lead is not null)
        {
            shaped.Content.Insert(0, new TextContentBlock { Text = Lead });
        }

        return Shape.ResourceLinks ? shaped : AppsHosts.WithoutResourceLinks(shaped);
    }

    /// <summary>The preview the calling client asked for, made without a call's wait budget (a task has none).</summary>
    public PreviewRequest PreviewRequest() => new(Shape.Preview, () => TimeSpan.MaxValue);
}

/// <summary>What the calling client's result holds: a preview (unless it passed <c>preview: false</c>) and resource links (unless it renders Apps).</summary>
internal sealed record ResultShape(bool Preview, bool ResourceLinks);

/// <summary>
/// Put on a <c>tools/call</c> the client asked to run as a task: the job tool claims, checks the spending limit and
/// submits as always, then leaves its ticket here instead of waiting, and the call answers with the task.
/// </summary>
internal sealed class JobTaskRequest
{
    public const string ItemKey = "dryapi-mcp/task";

    public JobTicket? Ticket { get; private set; }

    public void Started(JobTicket ticket) => Ticket = ticket;
}
