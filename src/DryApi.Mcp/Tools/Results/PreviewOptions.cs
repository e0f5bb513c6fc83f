namespace DryApi.Mcp.Tools.Results;

/// <summary>Previews a finished job's result carries beside its link: section <c>Mcp:Previews</c>.</summary>
public sealed class PreviewOptions
{
    public const string SectionName = "Mcp:Previews";

    /// <summary>Whether results carry previews at all; a call can still turn them off with <c>preview: false</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest side, in pixels, of an image preview; the full-size image stays at the link.</summary>
    public int MaxSide { get; set; } = 512;

    /// <summary>
    /// The most bytes an image preview may have, so that a model can look at it cheaply: a preview that does not fit at
    /// <see cref="MaxSide"/> is made again at lower quality, then smaller, and is left out when it still does not fit.
    /// </summary>
    public int MaxBytes { get; set; } = 150 * 1024;

    /// <summary>The largest result file downloaded to make an image preview from.</summary>
    public long MaxDownloadBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// The longest a preview's download may take. A call that has less of its wait budget left gives it only what is left,
    /// so a preview never makes a client's call time out.
    /// </summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest audio result that is also returned as audio content; 0 returns none.</summary>
    public double MaxAudioSeconds { get; set; } = 10;

    /// <summary>The largest audio result that is also returned as audio content.</summary>
    public int MaxAudioBytes { get; set; } = 1024 * 1024;
}
