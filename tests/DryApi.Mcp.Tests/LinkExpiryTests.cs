using System.Globalization;
using DryApi.Mcp.Tests.Support;
using DryApi.Mcp.Tools.Results;
using Microsoft.AspNetCore.WebUtilities;
using ModelContextProtocol.Client;

namespace DryApi.Mcp.Tests;

/// <summary>A result says when its signed links expire, and check_job_status hands out fresh ones for a finished job.</summary>
public sealed class LinkExpiryTests(McpServerHarness harness) : IClassFixture<McpServerHarness>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_done_result_gives_the_moment_its_links_expire_in_text_and_structured_content()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());

        var result = await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken);

        var structured = result.StructuredContent!.Value;
        var url = structured.GetProperty("result_url").GetString()!;
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(QueryHelpers.ParseQuery(new Uri(url).Query)["expires"]!, CultureInfo.InvariantCulture));
        Assert.Equal(expires, structured.GetProperty("links_expire_at").GetDateTimeOffset());
        Assert.Contains($"expires at {expires.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", result.Text(), StringComparison.Ordinal);
        var requestId = structured.GetProperty("request_id").GetString();
        Assert.Contains($"before links_expire_at. For fresh links later, call check_job_status with request_id \"{requestId}\"",
            structured.GetProperty("next_step").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_job_status_gives_a_finished_job_fresh_links_that_expire_later()
    {
        await using var client = await harness.ConnectAsync(harness.NewKey());
        var first = (await client.CallToolAsync("text_to_image", ToolSamples.TextToImage(), cancellationToken: CancellationToken)).StructuredContent!.Value;
        await Task.Delay(TimeSpan.FromSeconds(1.1), CancellationToken);

        var again = (await client.CallToolAsync(
            "check_job_status", new Dictionary<string, object?> { ["request_id"] = first.GetProperty("request_id").GetString() },
            cancellationToken: CancellationToken)).StructuredContent!.Value;

        Assert.NotEqual(first.GetProperty("result_url").GetString(), again.GetProperty("result_url").GetString());
        Assert.True(again.GetProperty("links_expire_at").GetDateTimeOffset() > first.GetProperty("links_expire_at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("https://storage.example/r.png?expires=1796558400&signature=abc", "2026-12-06T12:00:00Z")]
    [InlineData("https://bucket.s3.example/r.png?AWSAccessKeyId=A&Expires=1796558400&Signature=s", "2026-12-06T12:00:00Z")]
    [InlineData("https://depinprod.s3.pl-waw.scw.cloud/r.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261206T110000Z&X-Amz-Expires=3600&X-Amz-Signature=s", "2026-12-06T12:00:00Z")]
    public void Signed_links_of_laravel_and_s3_tell_their_expiry(string url, string expiry) =>
        Assert.Equal(DateTimeOffset.Parse(expiry, CultureInfo.InvariantCulture), SignedLinks.ExpiryOf(url));

    [Theory]
    [InlineData("https://storage.example/r.png")]
    [InlineData("https://storage.example/r.png?expires=soon")]
    [InlineData("https://storage.example/r.png?X-Amz-Date=20261206T110000Z")]
    public void A_link_without_a_readable_expiry_has_none(string url) => Assert.Null(SignedLinks.ExpiryOf(url));
}
