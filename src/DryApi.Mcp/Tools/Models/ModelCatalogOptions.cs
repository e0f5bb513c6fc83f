namespace DryApi.Mcp.Tools.Models;

/// <summary>How long a caller's copy of dryAPI's <c>/models</c> is served before it is refreshed in the background.</summary>
public sealed class ModelCatalogOptions
{
    public const string SectionName = "Mcp:Models";

    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);
}
