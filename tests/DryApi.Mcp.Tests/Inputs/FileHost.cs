using System.Collections.Concurrent;
using System.Net;
using DryApi.Simulator.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DryApi.Mcp.Tests.Inputs;

/// <summary>
/// A plain HTTP host on a loopback address serving files for URL-valued arguments: a PNG, a WAV, an HTML page, an
/// image body larger than any cap (streamed without a length), and redirects. It counts every request it receives and
/// keeps its headers.
/// </summary>
public sealed class FileHost : IAsyncDisposable
{
    /// <summary>The longest body <c>/endless.png</c> writes if nobody stops reading.</summary>
    private const long EndlessLength = 1024L * 1024 * 1024;

    private readonly WebApplication app;
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> receivedHeaders = new();
    private int requests;

    private FileHost(WebApplication app) => this.app = app;

    public static byte[] Png { get; } = SampleMedia.Png(40, 40, seed: 7);

    public static byte[] Wav { get; } = SampleMedia.Wav(1);

    /// <summary>Requests received so far, of any path.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>The headers of each request received so far, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> ReceivedHeaders => [.. receivedHeaders];

    public Uri BaseUrl { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseUrl, path).AbsoluteUri;

    /// <summary>Starts the host on <paramref name="address"/> (a loopback address) and a free port.</summary>
    public static async Task<FileHost> StartAsync(IPAddress address)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["AllowedHosts"] = "*";
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new FileHost(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref host.requests);
            host.receivedHeaders.Enqueue(context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            await next(context);
        });
        app.MapGet("/photo.png", () => Results.Bytes(Png, "image/png"));
        app.MapGet("/photo", () => Results.Bytes(Png, "application/octet-stream"));
        app.MapGet("/voice.wav", () => Results.Bytes(Wav, "audio/wav"));
        app.MapGet("/page.html", () => Results.Text("<html><body>not an image</body></html>", "text/html"));
        app.MapGet("/endless.png", WriteEndlessAsync);
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/slow.png", async (int ms, CancellationToken aborted) =>
        {
            await Task.Delay(ms, aborted);
            return Results.Bytes(Png, "image/png");
        });
        await app.StartAsync();
        host.BaseUrl = new Uri(app.Urls.Single().Replace("[::]", address.ToString(), StringComparison.Ordinal));
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>A PNG signature followed by zeros, in chunks, with no Content-Length, until the reader gives up.</summary>
    private static async Task WriteEndlessAsync(HttpContext context)
    {
        context.Response.ContentType = "image/png";
        var chunk = new byte[64 * 1024];
        Png.AsSpan(0, 8).CopyTo(chunk);
        try
        {
            for (long written = 0; written < EndlessLength && !context.RequestAborted.IsCancellationRequested; written += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                chunk.AsSpan(0, 8).Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // The reader stopped, as it should for a body over its cap.
        }
        catch (IOException)
        {
            // Likewise, seen as a reset connection.
        }
    }
}
