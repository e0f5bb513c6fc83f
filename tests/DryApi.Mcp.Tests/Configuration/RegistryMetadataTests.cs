using System.Text.Json;
using System.Xml.Linq;
using DryApi.Mcp.Hosting;

namespace DryApi.Mcp.Tests.Configuration;

/// <summary>
/// The MCP registry's <c>server.json</c> (repository root: the remote endpoint and the package) and the package's own
/// <c>.mcp/server.json</c> carry the fields the registry's schema requires, and agree with the project they describe.
/// </summary>
public sealed class RegistryMetadataTests
{
    private static readonly string Root = RepositoryRoot();

    [Theory]
    [InlineData("server.json")]
    [InlineData("src/DryApi.Mcp/.mcp/server.json")]
    public void The_server_document_has_the_schemas_required_fields(string path)
    {
        using var document = Read(path);
        var server = document.RootElement;

        Assert.StartsWith("https://static.modelcontextprotocol.io/schemas/", Text(server, "$schema"), StringComparison.Ordinal);
        Assert.Matches("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$", Text(server, "name"));
        Assert.InRange(Text(server, "description").Length, 1, 100);
        Assert.Equal(ProjectProperty("Version"), Text(server, "version"));
        Assert.True(server.TryGetProperty("packages", out _) || server.TryGetProperty("remotes", out _), $"{path} describes neither a package nor a remote.");
        foreach (var package in Array(server, "packages"))
        {
            Assert.Equal("nuget", Text(package, "registryType"));
            Assert.Equal(ProjectProperty("PackageId"), Text(package, "identifier"));
            Assert.Equal(ProjectProperty("Version"), Text(package, "version"));
            Assert.Equal("stdio", Text(package.GetProperty("transport"), "type"));
            Assert.Contains(Array(package, "packageArguments"), argument => Text(argument, "type") == "positional" && Text(argument, "value") == CommandLine.Stdio);
            var key = Assert.Single(Array(package, "environmentVariables"), variable => Text(variable, "name") == StdioServer.KeyVariable);
            Assert.True(key.GetProperty("isSecret").GetBoolean(), $"{StdioServer.KeyVariable} must be marked secret.");
        }

        foreach (var remote in Array(server, "remotes"))
        {
            Assert.Equal("streamable-http", Text(remote, "type"));
            Assert.StartsWith("https://", Text(remote, "url"), StringComparison.Ordinal);
            Assert.EndsWith(new McpHostOptions().Path, Text(remote, "url"), StringComparison.Ordinal);
            foreach (var header in Array(remote, "headers"))
            {
                Assert.False(string.IsNullOrEmpty(Text(header, "name")));
            }
        }
    }

    [Fact]
    public void The_root_document_offers_the_remote_endpoint_with_a_secret_bearer_header_and_the_package()
    {
        using var root = Read("server.json");
        using var package = Read("src/DryApi.Mcp/.mcp/server.json");

        Assert.Equal(Text(package.RootElement, "name"), Text(root.RootElement, "name"));
        var remote = Assert.Single(Array(root.RootElement, "remotes"));
        var authorization = Assert.Single(Array(remote, "headers"), header => Text(header, "name") == "Authorization");
        Assert.True(authorization.GetProperty("isSecret").GetBoolean());
        foreach (var variable in System.Text.RegularExpressions.Regex.Matches(Text(remote, "url"), "{([^}]+)}").Select(match => match.Groups[1].Value))
        {
            Assert.True(remote.GetProperty("variables").TryGetProperty(variable, out _), $"The remote URL's {{{variable}}} has no variable definition.");
        }

        Assert.Single(Array(root.RootElement, "packages"));
    }

    private static JsonDocument Read(string path) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, path)));

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new Xunit.Sdk.XunitException($"The required string \"{property}\" is missing in {element}.");

    private static JsonElement[] Array(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? [.. value.EnumerateArray()] : [];

    private static string ProjectProperty(string name) =>
        XDocument.Load(Path.Combine(Root, "src/DryApi.Mcp/DryApi.Mcp.csproj")).Descendants(name).Single().Value;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DryApi.Mcp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("DryApi.Mcp.sln was not found above " + AppContext.BaseDirectory);
    }
}
