namespace DryApi.Mcp.Tools;

/// <summary>Reads an HTTP response's body up to a cap in bytes, for the downloads of file arguments and of job results.</summary>
internal static class BoundedBody
{
    /// <summary>The body of <paramref name="response"/>, or null when it declares or turns out to be larger than <paramref name="cap"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpResponseMessage response, long cap, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > cap)
        {
            return null;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return declared is { } length
            ? await ReadDeclaredAsync(body, length, cancellationToken)
            : await ReadUndeclaredAsync(body, cap, cancellationToken);
    }

    /// <summary>A body of known length goes straight into an array of that length: no growing buffer, no copy.</summary>
    private static async Task<byte[]> ReadDeclaredAsync(Stream body, long length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        await body.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    private static async Task<byte[]?> ReadUndeclaredAsync(Stream body, long cap, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
