namespace DryApi.Mcp.Jobs;

/// <summary>
/// How long one call from a known client may wait for a job before it answers with the request_id: under the
/// client's own tool-call timeout (README, "Long jobs"). Bound from <c>Mcp:ClientWaitBudgets:&lt;clientInfo name&gt;</c>.
/// </summary>
public sealed class ClientWaitBudget
{
    /// <summary>The longest wait when the call carries a progress token (the server then sends progress every heartbeat).</summary>
    public TimeSpan WithProgress { get; set; }

    /// <summary>The longest wait when it does not.</summary>
    public TimeSpan WithoutProgress { get; set; }

    /// <summary>
    /// User-Agent product names that also identify the client, for requests that carry no clientInfo (every
    /// <c>tools/call</c> of the initialize era over stateless HTTP). The entry's own name is always one of them.
    /// </summary>
    public List<string> UserAgents { get; set; } = [];

    public static ClientWaitBudget Of(TimeSpan withProgress, TimeSpan withoutProgress, params string[] userAgents) =>
        new() { WithProgress = withProgress, WithoutProgress = withoutProgress, UserAgents = [.. userAgents] };
}
