using System.Globalization;
using System.Net;
using DryApi.Client.Contract;
using DryApi.Client.Requests;
using DryApi.Mcp.Auth;
using DryApi.Mcp.Hosting;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tools.Files;

/// <summary>
/// Fetches a file argument given as an http(s) URL: every connection passes the SSRF guard, redirects are followed by
/// hand (each target checked again, at most <see cref="FileDownloadOptions.MaxRedirects"/>), the body is streamed under
/// the parameter's size cap within the timeout, and the bytes must be one of the parameter's formats.
/// </summary>
internal sealed class FileDownloader : IDisposable
{
    private const string Accepted = "Pass a public http(s) URL that serves the file itself, or the file's bytes as base64 or a data: URI.";

    private readonly FileDownloadOptions options;
    private readonly HttpClient client;

    public FileDownloader(IOptions<FileDownloadOptions> options)
        : this(options.Value, Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>A downloader whose guard resolves names with <paramref name="resolve"/> (tests answer without DNS).</summary>
    internal FileDownloader(FileDownloadOptions options, HostResolver resolve)
    {
        this.options = options;
        var guard = OutboundAddressPolicy.For(options.AllowedNetworks, resolve);
        client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = guard.ConnectAsync,

            // No traceparent, tracestate or baggage for a host a caller named.
            ActivityHeadersPropagator = null,
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { { "User-Agent", ServerDescription.UserAgent } },
        };
    }

    /// <summary>The time one call may spend on all its downloads.</summary>
    public TimeSpan Timeout => options.Timeout;

    /// <summary>Whether an argument's value is a URL to fetch rather than the file's bytes.</summary>
    public static bool IsUrl(string value) =>
        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The file at <paramref name="url"/> for <paramref name="argument"/> (e.g. <c>images[1]</c>) of the parameter
    /// <paramref name="parameter"/> (e.g. <c>images</c>), within what is left of the call's deadline and bytes, or a
    /// <see cref="ToolArgumentException"/> saying why not.
    /// </summary>
    public async Task<DryApiFile> DownloadAsync(
        string argument, string parameter, string url, FileRule rule, DownloadAllowance allowance, CancellationToken cancellationToken)
    {
        var cap = options.MaxBytes.TryGetValue(parameter, out var configured) ? configured : rule.MaxBytes;
        var tooLarge = cap <= allowance.BytesLeft
            ? TooLarge(argument, cap)
            : new ToolArgumentException(argument,
                $"the file at the URL is larger than the {FileArgument.Megabytes(Math.Max(0, allowance.BytesLeft))} MB left of this server's limit " +
                "per call (Mcp:MaxFileBytesPerCall). Pass fewer or smaller files.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(allowance.TimeLeft > TimeSpan.Zero ? allowance.TimeLeft : TimeSpan.Zero);
        try
        {
            using var response = await FollowAsync(argument, Checked(argument, url), timeout.Token);
            RefuseNonMedia(argument, response.Content.Headers.ContentType?.MediaType);
            var bytes = await ReadAsync(argument, response, Math.Min(cap, allowance.BytesLeft), tooLarge, timeout.Token);
            return FileArgument.Identify(argument, bytes, rule);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ToolArgumentException(argument,
                $"the files given by URL were not all delivered within {options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s, " +
                $"the time one call may spend on all its downloads (Mcp:FileDownloads:Timeout). {Accepted}");
        }
        catch (HttpRequestException exception)
        {
            throw new ToolArgumentException(argument, Unreachable(exception));
        }
        catch (IOException)
        {
            throw new ToolArgumentException(argument, $"the URL's response broke off before the whole file arrived. {Accepted}");
        }
    }

    public void Dispose() => client.Dispose();

    private async Task<HttpResponseMessage> FollowAsync(string argument, Uri url, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if ((int)response.StatusCode is < 300 or >= 400)
                {
                    throw new ToolArgumentException(argument,
                        $"the URL answered HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}. {Accepted}");
                }

                if (response.Headers.Location is not { } location)
                {
                    throw new ToolArgumentException(argument, $"the URL redirected without saying where to. {Accepted}");
                }

                if (redirects == options.MaxRedirects)
                {
                    throw new ToolArgumentException(argument,
                        $"the URL redirected more than {options.MaxRedirects.ToString(CultureInfo.InvariantCulture)} times. {Accepted}");
                }

                url = Checked(argument, new Uri(url, location).AbsoluteUri);
            }
        }
    }

    private static Uri Checked(string argument, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ToolArgumentException(argument, $"'{url}' is not an http or https URL. {Accepted}");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new ToolArgumentException(argument, $"URLs with a user name or password are not fetched. {Accepted}");
        }

        return uri;
    }

    /// <summary>A page or a JSON error is never the file, whatever its first bytes look like.</summary>
    private static void RefuseNonMedia(string argument, string? mediaType)
    {
        if (mediaType is not null
            && (mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Contains("html", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ToolArgumentException(argument, $"the URL serves {mediaType}, not a media file. {Accepted}");
        }
    }

    private static async Task<byte[]> ReadAsync(
        string argument, HttpResponseMessage response, long cap, ToolArgumentException tooLarge, CancellationToken cancellationToken)
    {
        var bytes = await BoundedBody.ReadAsync(response, cap, cancellationToken) ?? throw tooLarge;
        return bytes.Length > 0 ? bytes : throw new ToolArgumentException(argument, $"the URL served an empty file. {Accepted}");
    }

    private static ToolArgumentException TooLarge(string argument, long cap) =>
        new(argument, $"the file at the URL is larger than {FileArgument.Megabytes(cap)} MB, the most accepted here. Pass a smaller or more compressed file.");

    private static string Unreachable(HttpRequestException exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is OutboundAddressRefusedException refused)
            {
                return $"the host '{refused.Host}' is, or resolves to, a private, loopback, link-local or otherwise non-public address, " +
                       $"which is not fetched. {Accepted}";
            }
        }

        return $"the URL could not be fetched ({exception.HttpRequestError}). {Accepted}";
    }
}
