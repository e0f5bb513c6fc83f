using System.Net;
using System.Net.Sockets;
using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Mcp.Hosting;
using DryApi.Mcp.Jobs;
using DryApi.Mcp.Tools.Results;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Reliability;

/// <summary>
/// A failed download of a finished job's text never throws: the job is paid for, so the tool must still return its
/// request_id and link, saying why the text is missing.
/// </summary>
public sealed class ResultTextReaderTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_download_that_hangs_past_the_timeout_is_reported_as_timed_out()
    {
        var port = FreePort();
        using var hung = new OutageBlackHole(port);
        var reader = new ResultTextReader(new ResultDownloader(new ShortTimeoutClients(TimeSpan.FromMilliseconds(300))));

        var text = await reader.ReadAsync($"http://127.0.0.1:{port}/result.txt", CancellationToken);

        Assert.Null(text.Text);
        Assert.Equal("the download timed out", text.Failure);
    }

    [Fact]
    public async Task A_download_that_cannot_connect_is_reported_as_failed()
    {
        var reader = new ResultTextReader(new ResultDownloader(new ShortTimeoutClients(TimeSpan.FromSeconds(5))));

        var text = await reader.ReadAsync($"http://127.0.0.1:{FreePort()}/result.txt", CancellationToken);

        Assert.Null(text.Text);
        Assert.Equal("the download failed (ConnectionError)", text.Failure);
    }

    [Fact]
    public async Task A_caller_that_gives_up_still_cancels_the_download()
    {
        var port = FreePort();
        using var hung = new OutageBlackHole(port);
        var reader = new ResultTextReader(new ResultDownloader(new ShortTimeoutClients(TimeSpan.FromSeconds(30))));
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => reader.ReadAsync($"http://127.0.0.1:{port}/result.txt", giveUp.Token));
    }

    [Fact]
    public async Task A_done_job_whose_text_cannot_be_read_still_answers_with_its_request_id_link_and_the_reason()
    {
        var url = $"http://127.0.0.1:{FreePort()}/transcript.txt";
        var downloader = new ResultDownloader(new ShortTimeoutClients(TimeSpan.FromSeconds(5)));
        var previews = new ResultPreviews(downloader, Options.Create(new PreviewOptions()), NullLogger<ResultPreviews>.Instance);
        var shaper = new JobResultShaper(new ResultTextReader(downloader), previews, Options.Create(new McpHostOptions()));
        var done = new JobStatus { Status = JobStatuses.Done, Progress = 100, ResultUrl = url };

        var result = await shaper.ShapeAsync("req-42", new JobWait(JobWaitEnd.Finished, done, null, 3), JobKind.Text, TextWindow.Start, PreviewRequest.Unhurried, facts: null, CancellationToken);

        var text = string.Join('\n', result.Content.OfType<TextContentBlock>().Select(block => block.Text));
        Assert.NotEqual(true, result.IsError);
        Assert.Contains("The text of job req-42 could not be read inline: the download failed (ConnectionError).", text, StringComparison.Ordinal);
        Assert.Contains("check_job_status with request_id \"req-42\"", text, StringComparison.Ordinal);
        Assert.Contains(result.Content.OfType<ResourceLinkBlock>(), link => link.Uri == url);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class ShortTimeoutClients(TimeSpan timeout) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = timeout };
    }
}
