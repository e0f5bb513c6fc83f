using System.Globalization;
using System.Text.Json;
using DryApi.Client.Media;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tools.Results;

/// <summary>Whether a result may carry a preview, and how long the call can still wait for one.</summary>
internal sealed record PreviewRequest(bool Wanted, Func<TimeSpan> TimeLeft)
{
    /// <summary>A result no call is waiting on with a budget (a task's): bounded by <c>Mcp:Previews:DownloadTimeout</c> alone.</summary>
    public static PreviewRequest Unhurried { get; } = new(true, () => TimeSpan.MaxValue);

    /// <summary>The call's <c>preview</c> argument (validated when the call's arguments were bound), within its remaining wait budget.</summary>
    public static PreviewRequest Of(ToolCall call) =>
        new(call.Arguments?.TryGetValue(JobArguments.PreviewName, out var preview) != true || preview.ValueKind != JsonValueKind.False, call.RemainingWaitBudget);
}

/// <summary>
/// Content a model and a user can see beside a done job's link: a downscaled image preview for an image result, the audio
/// itself for a short audio result; nothing for video or text. A preview that cannot be made leaves a short note instead,
/// never an error: the job is done and paid for, and its request_id and link are already in the result.
/// </summary>
internal sealed partial class ResultPreviews(ResultDownloader downloader, IOptions<PreviewOptions> options, ILogger<ResultPreviews> logger) : IDisposable
{
    /// <summary>Less time than this left in the call's budget is not worth starting a download for.</summary>
    private static readonly TimeSpan ShortestDownload = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Previews made at once. Making one is CPU-bound (decoding and encoding), so more at once than the cores can run only
    /// costs memory: each holds its download (up to <see cref="PreviewOptions.MaxDownloadBytes"/>) and its decoded pixels.
    /// When many jobs end together, the others wait their turn within their call's time.
    /// </summary>
    private readonly SemaphoreSlim making = new(2 * Environment.ProcessorCount);

    public async Task<IReadOnlyList<ContentBlock>> ForAsync(string url, string mediaType, PreviewRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var image = mediaType.StartsWith("image/", StringComparison.Ordinal);
        var audio = mediaType.StartsWith("audio/", StringComparison.Ordinal) && settings.MaxAudioSeconds > 0;
        if (!settings.Enabled || !request.Wanted || !(image || audio))
        {
            return [];
        }

        var what = image ? "No preview of the image" : "No audio preview";
        if (TimeLimit(request, settings) < ShortestDownload)
        {
            return Note($"{what}: this call has no time left to download it. The link has the result.");
        }

        if (!await making.WaitAsync(TimeLimit(request, settings) - ShortestDownload, cancellationToken))
        {
            return Note($"{what}: the server was making many other previews until this call's time ran out. The link has the result.");
        }

        try
        {
            return await MakeAsync(url, mediaType, image, what, TimeLimit(request, settings), settings, cancellationToken);
        }
        finally
        {
            making.Release();
        }
    }

    public void Dispose() => making.Dispose();

    private async Task<IReadOnlyList<ContentBlock>> MakeAsync(
        string url, string mediaType, bool image, string what, TimeSpan timeLimit, PreviewOptions settings, CancellationToken cancellationToken)
    {
        var download = await downloader.GetAsync(url, image ? settings.MaxDownloadBytes : settings.MaxAudioBytes, timeLimit, cancellationToken);
        if (download.Bytes is not { } bytes)
        {
            return Note($"{what}: {download.Failure}. The link has the result.");
        }

        try
        {
            return image ? Image(bytes, settings) : Audio(bytes, settings);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An imaging failure (a missing native library, a hostile file) must not cost the agent its result.
            LogPreviewFailed(logger, mediaType, exception);
            return Note($"{what}: it could not be made ({exception.GetType().Name}). The link has the result.");
        }
    }

    /// <summary>The call's remaining wait budget, at most the download timeout.</summary>
    private static TimeSpan TimeLimit(PreviewRequest request, PreviewOptions settings) =>
        request.TimeLeft() is var left && left < settings.DownloadTimeout ? left : settings.DownloadTimeout;

    private static ContentBlock[] Image(byte[] bytes, PreviewOptions settings)
    {
        var (preview, failure) = ImagePreviews.Make(bytes, settings.MaxSide, settings.MaxBytes);
        if (preview is null)
        {
            return Note($"No preview of the image: {failure}. The link has the result.");
        }

        var format = preview.MediaType == "image/jpeg" ? "JPEG" : "WebP";
        return
        [
            ImageContentBlock.FromBytes(preview.Bytes, preview.MediaType),
            new TextContentBlock
            {
                Text = $"Preview: a {ImagePreviews.Pixels(preview.Width, preview.Height)} {format} of the " +
                       $"{ImagePreviews.Pixels(preview.SourceWidth, preview.SourceHeight)} image; the link has the full size.",
            },
        ];
    }

    /// <summary>The audio itself when it is short; its length is read from its header, as for audio arguments.</summary>
    private static ContentBlock[] Audio(byte[] bytes, PreviewOptions settings)
    {
        if (MediaSniffer.Detect(bytes) is not { } format || MediaHeaders.Read(format, bytes)?.Seconds is not { } length)
        {
            return Note("No audio preview: the file's length could not be read. The link has the result.");
        }

        var seconds = length.ToString("0.#", CultureInfo.InvariantCulture);
        return length > settings.MaxAudioSeconds
            ? Note($"The audio lasts {seconds} s, longer than the {settings.MaxAudioSeconds.ToString(CultureInfo.InvariantCulture)} s " +
                   "returned inline; the link has it.")
            : [AudioContentBlock.FromBytes(bytes, MediaFormats.ContentType(format)), new TextContentBlock { Text = $"The audio ({seconds} s) is attached too." }];
    }

    private static ContentBlock[] Note(string text) => [new TextContentBlock { Text = text }];

    [LoggerMessage(Level = LogLevel.Warning, Message = "A preview of a {MediaType} result could not be made.")]
    private static partial void LogPreviewFailed(ILogger logger, string mediaType, Exception exception);
}
