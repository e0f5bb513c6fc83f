using System.Collections.Concurrent;
using ModelContextProtocol;

namespace DryApi.Mcp.Tests.Support;

/// <summary>Records progress notifications as they arrive, in order (unlike <see cref="Progress{T}"/>, which posts them).</summary>
public sealed class ProgressRecorder : IProgress<ProgressNotificationValue>
{
    private readonly ConcurrentQueue<ProgressNotificationValue> reports = new();

    public IReadOnlyList<ProgressNotificationValue> Reports => [.. reports];

    public void Report(ProgressNotificationValue value) => reports.Enqueue(value);
}
