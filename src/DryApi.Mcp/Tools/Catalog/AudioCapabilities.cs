namespace DryApi.Mcp.Tools.Catalog;

internal static class AudioCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } = [];
}
