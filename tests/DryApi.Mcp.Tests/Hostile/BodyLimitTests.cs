using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Tests.Support;

namespace DryApi.Mcp.Tests.Hostile;

/// <summary><c>Mcp:MaxRequestBodyBytes</c>: its default fits every call dryAPI accepts, and a larger body gets 413 saying what to do.</summary>
public sealed class BodyLimitTests
{
    private const long SmallLimit = 64 * 1024;

    [Fact]
    public void The_default_limit_holds_the_largest_call_with_every_file_in_base64()
    {
        var largest = DryApiOperations.All
            .Select(operation => (operation.Contract.OperationId, Bytes: operation.Contract.Fields.Sum(field => field.File?.MaxBytes ?? 0)))
            .MaxBy(call => call.Bytes);
        var encoded = (largest.Bytes + 2) / 3 * 4;

        Assert.True(encoded + (64 * 1024) <= new McpHostOptions().MaxRequestBodyBytes,
            $"{largest.OperationId} takes {largest.Bytes} bytes of files, {encoded} in base64; the default body limit must hold them and the call around them.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_limit_gets_413_naming_the_limit_and_the_fix(bool chunked)
    {
        await using var harness = await McpServerHarness.StartAsync(new McpHarnessSettings
        {
            Configuration = new Dictionary<string, string?> { ["Mcp:MaxRequestBodyBytes"] = SmallLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        var key = harness.NewKey();
        var image = new string('A', (int)SmallLimit);
        var body = RawMcpRequest.Call("tools/call", new JsonObject
        {
            ["name"] = "image_upscale", ["arguments"] = new JsonObject { ["image"] = image },
        }).ToJsonString();
        using var http = new HttpClient();
        using var request = RawMcpRequest.Post(harness.Endpoint, new JsonObject(), key);
        request.Content = chunked ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) : new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error"]!;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var message = error["message"]!.GetValue<string>();
        Assert.Contains("65536 bytes", message, StringComparison.Ordinal);
        Assert.Contains("Mcp:MaxRequestBodyBytes", message, StringComparison.Ordinal);
        Assert.Contains("by http(s) URL", message, StringComparison.Ordinal);
        Assert.Empty(harness.SubmissionsBy(key));
    }
}
