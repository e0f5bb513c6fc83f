namespace DryApi.Mcp.Tools.Models;

/// <summary>How long a caller's copy of dryAPI's <c>/models</c> is served before it is refreshed in the background, and how many keys' copies are kept.</summary>
public sealed class ModelCatalogOptions
{
    public const string SectionName = "Mcp:Models";

    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most API keys whose model list is held at once (each copy takes about 0.15 MB); the least recently used go first.</summary>
    public int MaxCachedKeys { get; set; } = 1000;
}
