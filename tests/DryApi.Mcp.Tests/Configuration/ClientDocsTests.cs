using System.Text.RegularExpressions;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Tools;
using DryApi.Tests.Support;

namespace DryApi.Mcp.Tests.Configuration;

/// <summary>
/// docs/clients.md and README's "Connect a client" name only tools, settings and switches this server has, and say
/// rightly which tools are read-only (Codex and ChatGPT ask before calling a tool that is not).
/// </summary>
public sealed partial class ClientDocsTests
{
    private static readonly IReadOnlyList<DryApiTool> Tools = new ToolCatalog().All;

    /// <summary>The server's own switches (<see cref="CommandLine"/>) and ASP.NET Core's listen address.</summary>
    private static readonly string[] Switches = [CommandLine.Stdio, DemoUpstream.Switch, "--urls"];

    /// <summary>What the docs say are the read-only tools: the price quotes and these three.</summary>
    private static readonly string[] FreeTools = ["get_balance", "get_available_models", "check_job_status"];

    [Fact]
    public void Every_tool_the_client_docs_name_exists()
    {
        var named = Matches(ToolReference()).ToList();

        Assert.True(named.Count > 0, "The client docs no longer name a tool in a form this test reads (`mcp__dryapi__<tool>`, `mcp_dryapi_<tool>`, `[mcp_servers.dryapi.tools.<tool>]`).");
        var unknown = named.Where(name => !Tools.Any(tool => tool.ProtocolTool.Name == name)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "The client docs name tools the server does not have: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_setting_the_client_docs_name_exists()
    {
        var named = Matches(SettingReference()).Select(key => key.Replace("__", ":", StringComparison.Ordinal)).ToList();

        Assert.True(named.Count > 0, "The client docs no longer name a setting (`Auth:…`, `Auth__…`).");
        var unknown = named.Where(key => !ConfigurationTableTests.Exists(key)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "The client docs name settings no options class binds: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_switch_the_client_docs_pass_the_server_exists()
    {
        var passed = Matches(ServerCommand()).SelectMany(arguments => SwitchToken().Matches(arguments).Select(match => match.Value)).ToList();

        Assert.Contains(CommandLine.Stdio, passed);
        var unknown = passed.Where(argument => !Switches.Contains(argument)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "The client docs pass the server switches it does not have: " + string.Join(", ", unknown));
    }

    [Fact]
    public void The_tools_the_docs_call_read_only_are_exactly_the_read_only_ones()
    {
        var wrong = Tools
            .Where(tool => tool.ProtocolTool.Annotations?.ReadOnlyHint != IsFree(tool.ProtocolTool.Name))
            .Select(tool => tool.ProtocolTool.Name)
            .ToList();

        Assert.True(wrong.Count == 0, "docs/clients.md (Codex, ChatGPT) says the price quotes, " + string.Join(", ", FreeTools)
            + " are read-only and the job tools are not; these differ: " + string.Join(", ", wrong));
    }

    private static bool IsFree(string tool) => tool.EndsWith("_price", StringComparison.Ordinal) || FreeTools.Contains(tool);

    /// <summary>docs/clients.md and README's "## Connect a client" section, up to the next "## ".</summary>
    private static string ClientDocs()
    {
        var docs = RepositoryFiles.PathOf("docs", "clients.md");
        var readme = RepositoryFiles.PathOf("README.md");
        Assert.SkipUnless(docs is not null && File.Exists(docs) && readme is not null && File.Exists(readme), "The docs are not beside the test output's checkout.");

        var readmeText = File.ReadAllText(readme);
        var start = readmeText.IndexOf("\n## Connect a client\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Connect a client' section.");
        var end = readmeText.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return File.ReadAllText(docs) + "\n" + readmeText[start..(end < 0 ? readmeText.Length : end)];
    }

    private static IEnumerable<string> Matches(Regex pattern) =>
        pattern.Matches(ClientDocs()).Select(match => match.Groups[1].Value);

    /// <summary>A tool as Claude Code (<c>mcp__dryapi__x</c>), Gemini CLI (<c>mcp_dryapi_x</c>) or Codex's config name it.</summary>
    [GeneratedRegex(@"(?:mcp__dryapi__|mcp_dryapi_|mcp_servers\.dryapi\.tools\.)([a-z0-9_]+)")]
    private static partial Regex ToolReference();

    /// <summary>A setting in a code span: <c>`Auth:Enabled`</c> or <c>`Auth__Enabled=true`</c>.</summary>
    [GeneratedRegex(@"`((?:Auth|Mcp|Polling|DryApi|Telemetry)(?::|__)[A-Za-z0-9:_]+)")]
    private static partial Regex SettingReference();

    /// <summary>
    /// The arguments given to the server: after <c>dryapi-mcp</c>, after <c>--</c> in <c>dotnet run --project …/DryApi.Mcp</c>,
    /// and in a JSON entry's <c>args</c> when its command is <c>dryapi-mcp</c> (not the OAuth client id <c>--client-id dryapi-mcp</c>).
    /// </summary>
    [GeneratedRegex(@"(?:(?<!-id\s)dryapi-mcp|DryApi\.Mcp(?: --no-build)? --|""command"": ?""dryapi-mcp"", ?""args"": ?\[)((?:[ ,""]*--[a-z][a-z-]*""?)+)")]
    private static partial Regex ServerCommand();

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex SwitchToken();
}
