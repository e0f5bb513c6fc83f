namespace DryApi.Mcp.Tools;

/// <summary>An argument a tool cannot use. The message names the argument, what was wrong, and what is accepted.</summary>
internal sealed class ToolArgumentException(string argument, string problem)
    : Exception($"Invalid argument '{argument}': {problem}")
{
    public string Argument { get; } = argument;
}
