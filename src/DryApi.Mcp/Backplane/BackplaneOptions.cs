namespace DryApi.Mcp.Backplane;

/// <summary>What replicas share, and through what. Bound from the <c>Backplane</c> section.</summary>
public sealed class BackplaneOptions
{
    public const string SectionName = "Backplane";

    /// <summary>
    /// A StackExchange.Redis configuration string (e.g. <c>redis:6379</c>) for Redis or Valkey; empty keeps everything
    /// in this process's memory. Replicas that share it must share <c>Auth:SealingKeys</c> too.
    /// </summary>
    public string? Redis { get; set; }
}
