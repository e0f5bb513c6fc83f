namespace DryApi.Mcp.Tools.Catalog;

internal static class TranscriptionCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } = [];
}
