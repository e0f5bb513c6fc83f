namespace DryApi.Mcp.Tools.Files;

/// <summary>How file arguments given as URLs are fetched: section <c>Mcp:FileDownloads</c>.</summary>
public sealed class FileDownloadOptions
{
    public const string SectionName = "Mcp:FileDownloads";

    /// <summary>The longest one call may spend on all its downloads, redirects included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most redirects followed for one URL; each target is checked again.</summary>
    public int MaxRedirects { get; set; } = 3;

    /// <summary>
    /// Size caps in bytes by parameter name (<c>image</c>, <c>images</c>, <c>first_frame_image</c>, <c>audio</c>,
    /// <c>video</c>, <c>ref_audio</c>, …). A parameter not listed takes dryAPI's documented limit for it.
    /// </summary>
    public Dictionary<string, long> MaxBytes { get; set; } = [];

    /// <summary>
    /// Private networks (CIDR, e.g. <c>10.20.0.0/16</c>) URLs may point into, for self-hosted teams. Empty (the
    /// default): only public addresses are fetched.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
