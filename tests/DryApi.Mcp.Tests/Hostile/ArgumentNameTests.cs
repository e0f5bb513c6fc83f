using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Mcp.Tests.Inputs;
using DryApi.Mcp.Tests.Support;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Hostile;

/// <summary>A file host and a server that may fetch from it, so a test can see whether a URL argument was fetched.</summary>
public sealed class ArgumentNameFixture : IAsyncLifetime
{
    public FileHost Files { get; private set; } = null!;

    public McpServerHarness Harness { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Files = await FileHost.StartAsync(IPAddress.Parse("127.0.0.4"));
        Harness = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:FileDownloads:AllowedNetworks:0"] = "127.0.0.4/32" },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.DisposeAsync();
        await Files.DisposeAsync();
    }
}

/// <summary>
/// One rule for argument names: exactly as the schema spells them. A case variant is refused naming it (and the
/// spelling that was meant) before anything is fetched, and a name given twice is refused naming it.
/// </summary>
public sealed class ArgumentNameTests(ArgumentNameFixture fixture) : IClassFixture<ArgumentNameFixture>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_case_variant_of_a_file_argument_is_refused_by_name_without_a_fetch_or_an_error_log()
    {
        var before = fixture.Files.Requests;

        var (result, key) = await CallAsync("image_remove_background", new JsonObject { ["Image"] = fixture.Files.Url("/photo.png"), ["model"] = "Ben2" });

        fixture.Harness.AssertRefused(result, key, "Image", "names are exact, so write 'image'");
        Assert.Equal(before, fixture.Files.Requests);
        Assert.DoesNotContain(fixture.Harness.Logs.Lines, line => line.StartsWith("Error ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_and_its_case_variant_are_refused_before_any_url_is_fetched()
    {
        var before = fixture.Files.Requests;
        var urls = new JsonArray([.. Enumerable.Range(0, 20).Select(index => (JsonNode)fixture.Files.Url($"/photo.png?n={index}"))]);

        var (result, key) = await CallAsync("image_to_image", new JsonObject
        {
            ["prompt"] = "autumn", ["model"] = "QwenImageEdit_Plus_NF4", ["images"] = urls,
            ["Images"] = new JsonArray(Convert.ToBase64String(FileHost.Png)),
        });

        fixture.Harness.AssertRefused(result, key, "Images", "names are exact, so write 'images'");
        Assert.Equal(before, fixture.Files.Requests);
    }

    [Theory]
    [InlineData("image_remove_background", "model")]
    [InlineData("image_remove_background_price", "image")]
    public async Task A_name_given_twice_is_refused_naming_it(string tool, string repeated)
    {
        var image = $"\"{Convert.ToBase64String(FileHost.Png)}\"";
        var arguments = repeated == "image"
            ? $$"""{"image":"{{fixture.Files.Url("/photo.png")}}","model":"Ben2","image":{{image}}}"""
            : $$"""{"image":{{image}},"model":"Ben2","model":"Ben2"}""";

        var (result, key) = await CallRawAsync(tool, arguments);

        fixture.Harness.AssertRefused(result, key, repeated, "given more than once");
    }

    private async Task<(CallToolResult Result, string Key)> CallAsync(string tool, JsonObject arguments) =>
        await CallRawAsync(tool, arguments.ToJsonString());

    /// <summary>A tools/call written by hand: an SDK client could not send a name twice.</summary>
    private async Task<(CallToolResult Result, string Key)> CallRawAsync(string tool, string arguments)
    {
        var key = fixture.Harness.NewKey();
        var body = $$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"{{tool}}","arguments":""" + arguments + "}}";
        using var http = new HttpClient();
        using var request = RawMcpRequest.Post(fixture.Harness.Endpoint, new JsonObject(), key);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, CancellationToken);
        var message = RawMcpRequest.ResponseMessage(await response.Content.ReadAsStringAsync(CancellationToken), response.Content.Headers.ContentType?.MediaType);
        var result = System.Text.Json.JsonSerializer.Deserialize<CallToolResult>(message!["result"]!.ToJsonString(), ModelContextProtocol.McpJsonUtilities.DefaultOptions)!;
        return (result, key);
    }
}
