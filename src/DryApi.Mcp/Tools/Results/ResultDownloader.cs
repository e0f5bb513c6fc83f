using System.Globalization;

namespace DryApi.Mcp.Tools.Results;

/// <summary>A finished job's file as downloaded: its <see cref="Bytes"/>, or why it could not be had.</summary>
internal sealed record ResultDownload(byte[]? Bytes, string? Failure)
{
    public static ResultDownload Failed(string failure) => new(null, failure);
}

/// <summary>
/// Downloads a finished job's file from dryAPI's signed result URL, bounded in bytes and time. Never throws for a failed
/// download: the job is done and paid for, so its request_id and link must still reach the agent, with the reason the
/// file could not be read.
/// </summary>
internal sealed class ResultDownloader(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "DryApiResults";

    /// <summary>
    /// At most <paramref name="maxBytes"/> from <paramref name="url"/> within <paramref name="timeLimit"/> (and the
    /// named client's own timeout). Only the caller's <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<ResultDownload> GetAsync(string url, long maxBytes, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return ResultDownload.Failed("its link is not an http(s) URL");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeLimit);
        try
        {
            return await DownloadAsync(uri, maxBytes, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ResultDownload.Failed("the download timed out");
        }
        catch (HttpRequestException exception)
        {
            return ResultDownload.Failed($"the download failed ({exception.HttpRequestError})");
        }
        catch (EndOfStreamException)
        {
            return ResultDownload.Failed("the download ended before the length its host declared");
        }
    }

    /// <summary>"16 MB", "150 KB" or "900 bytes": a byte cap as a person reads it.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{(bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB",
        >= 1024 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes",
    };

    private async Task<ResultDownload> DownloadAsync(Uri uri, long maxBytes, CancellationToken cancellationToken)
    {
        using var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ResultDownload.Failed($"the result host answered HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}");
        }

        return await BoundedBody.ReadAsync(response, maxBytes, cancellationToken) is { } bytes
            ? new ResultDownload(bytes, null)
            : ResultDownload.Failed($"it is larger than {Size(maxBytes)}");
    }
}
