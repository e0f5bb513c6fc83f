namespace DryApi.Mcp.Hosting;

/// <summary>
/// What an HTTP request says of the software that sent it, and when it arrived: a client's timeout runs from when it
/// sent the call, so a tool's wait budget counts from the arrival, not from when the body was read or the job submitted.
/// </summary>
internal sealed class CallingClient
{
    public string? UserAgent { get; set; }

    /// <summary>The <see cref="TimeProvider"/> timestamp of the request's arrival; null on stdio, where a call starts when it is read.</summary>
    public long? ArrivedAt { get; set; }
}
