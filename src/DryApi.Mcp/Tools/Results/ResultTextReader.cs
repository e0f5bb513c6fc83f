using System.Text;

namespace DryApi.Mcp.Tools.Results;

/// <summary>A text result as downloaded: its <see cref="Text"/>, or why it could not be read inline.</summary>
internal sealed record ResultText(string? Text, string? Failure)
{
    public static ResultText Read(string text) => new(text, null);

    public static ResultText NotRead(string failure) => new(null, failure);
}

/// <summary>Downloads a text result (transcript, OCR text, embedding JSON) from dryAPI's signed result URL.</summary>
internal sealed class ResultTextReader(ResultDownloader downloader)
{
    /// <summary>Text results larger than this are not inlined; the URL is returned instead.</summary>
    private const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>Never throws for a failed download (see <see cref="ResultDownloader"/>); the named client's timeout bounds it.</summary>
    public async Task<ResultText> ReadAsync(string url, CancellationToken cancellationToken)
    {
        var download = await downloader.GetAsync(url, MaxBytes, Timeout.InfiniteTimeSpan, cancellationToken);
        return download.Bytes is { } bytes ? ResultText.Read(Encoding.UTF8.GetString(bytes)) : ResultText.NotRead(download.Failure!);
    }
}
