namespace DryApi.Mcp.Tools.Catalog;

internal static class EmbeddingCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } = [];
}
