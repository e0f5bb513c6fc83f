namespace DryApi.Mcp.Tools.Catalog;

internal static class PromptCapabilities
{
    public static IReadOnlyList<ICapability> All { get; } = [];
}
