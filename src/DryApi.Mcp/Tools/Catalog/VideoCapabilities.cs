namespace DryApi.Mcp.Tools.Catalog;

internal static class VideoCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } = [];
}
