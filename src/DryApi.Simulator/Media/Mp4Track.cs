namespace DryApi.Simulator.Media;

/// <summary>One track of a generated MP4 file: its handler, timing, samples and sample description.</summary>
internal sealed record Mp4Track(
    string HandlerType,
    string HandlerName,
    uint Timescale,
    uint SampleDuration,
    IReadOnlyList<byte[]> Samples,
    Action<IsoBoxWriter> WriteSampleEntry)
{
    public const string Video = "vide";
    public const string Sound = "soun";

    /// <summary>Display width and height, for video tracks.</summary>
    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>The track duration in its own <see cref="Timescale"/>.</summary>
    public long Duration => (long)SampleDuration * Samples.Count;
}
