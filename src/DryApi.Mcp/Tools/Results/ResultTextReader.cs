using System.Text;

namespace DryApi.Mcp.Tools.Results;

/// <summary>Downloads a text result (transcript, OCR text, embedding JSON) from dryAPI's signed result URL.</summary>
internal sealed class ResultTextReader(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "DryApiResults";

    /// <summary>Text results larger than this are not inlined; the URL is returned instead.</summary>
    private const int MaxBytes = 16 * 1024 * 1024;

    public async Task<string?> ReadAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return null;
        }

        using var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxBytes)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
