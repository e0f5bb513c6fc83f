using System.Globalization;
using System.Text;

namespace DryApi.Mcp.Tools.Results;

/// <summary>A text result as downloaded: its <see cref="Text"/>, or why it could not be read inline.</summary>
internal sealed record ResultText(string? Text, string? Failure)
{
    public static ResultText Read(string text) => new(text, null);

    public static ResultText NotRead(string failure) => new(null, failure);
}

/// <summary>Downloads a text result (transcript, OCR text, embedding JSON) from dryAPI's signed result URL.</summary>
internal sealed class ResultTextReader(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "DryApiResults";

    /// <summary>Text results larger than this are not inlined; the URL is returned instead.</summary>
    private const int MaxBytes = 16 * 1024 * 1024;

    private static readonly ResultText TooLarge = ResultText.NotRead("it is larger than 16 MB");

    /// <summary>
    /// Never throws for a failed download: the job is done and paid for, so its request_id and link must still reach the
    /// agent, with the reason the text is missing.
    /// </summary>
    public async Task<ResultText> ReadAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return ResultText.NotRead("its link is not an http(s) URL");
        }

        try
        {
            return await DownloadAsync(uri, cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ResultText.NotRead("the download timed out");
        }
        catch (HttpRequestException exception)
        {
            return ResultText.NotRead($"the download failed ({exception.HttpRequestError})");
        }
    }

    private async Task<ResultText> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ResultText.NotRead($"the result host answered HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}");
        }

        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            return TooLarge;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return TooLarge;
            }

            buffer.Write(chunk, 0, read);
        }

        return ResultText.Read(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
