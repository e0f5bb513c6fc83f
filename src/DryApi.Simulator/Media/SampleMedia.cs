namespace DryApi.Simulator.Media;

/// <summary>
/// Small, valid, deterministic media files for the simulator's job results and for upload tests. The same arguments
/// always produce the same bytes.
/// </summary>
public static class SampleMedia
{
    /// <summary>A PNG (8-bit RGB, or RGBA with a transparent background around an opaque ellipse) of a gradient and checker pattern shifted by <paramref name="seed"/>. Width and height: 1–4096.</summary>
    public static byte[] Png(int width, int height, bool transparent = false, int seed = 0) =>
        PngFile.Build(width, height, transparent, seed);

    /// <summary>A 16×16 mid-grey baseline JPEG.</summary>
    public static byte[] Jpeg() => JpegFile.Build(16, 16);

    /// <summary>A mid-grey baseline JPEG of the given size. Width and height: 1–8192.</summary>
    public static byte[] Jpeg(int width, int height) => JpegFile.Build(width, height);

    /// <summary>A 1×1 lossless WebP.</summary>
    public static byte[] Webp() => WebpFile.Build();

    /// <summary>A 1×1 GIF89a.</summary>
    public static byte[] Gif() => GifFile.Build();

    /// <summary>A 16×16 24-bit BMP.</summary>
    public static byte[] Bmp() => BmpFile.Build(16, 16);

    /// <summary>16-bit mono PCM WAV of a 440 Hz tone. Seconds: more than 0, at most 600; sample rate 8000–192000.</summary>
    public static byte[] Wav(double seconds, int sampleRate = 24000) => WavFile.Build(seconds, sampleRate);

    /// <summary>Silent MPEG-1 Layer III (48 kHz, 32 kbit/s, mono), rounded up to whole 24 ms frames.</summary>
    public static byte[] Mp3(double seconds) => Mp3File.Build(seconds);

    /// <summary>FLAC of a 16-bit mono 440 Hz tone (VERBATIM subframes).</summary>
    public static byte[] Flac(double seconds, int sampleRate = 24000) => FlacFile.Build(seconds, sampleRate);

    /// <summary>Silent Ogg Opus (mono), trimmed to the requested length by the final granule position.</summary>
    public static byte[] Ogg(double seconds) => OggOpusFile.Build(seconds);

    /// <summary>Silent AAC-LC (24 kHz mono) as an ADTS stream, rounded up to whole 1024-sample frames.</summary>
    public static byte[] Aac(double seconds) => AacAudio.Adts(seconds);

    /// <summary>An MP4 (brand isom) with a grey Motion-JPEG video track of the given size and a silent AAC track. Width and height: 1–8192.</summary>
    public static byte[] Mp4(int width, int height, double seconds) => Mp4File.Video(width, height, seconds);

    /// <summary>An M4A (brand <c>M4A </c>) with one silent AAC track.</summary>
    public static byte[] M4a(double seconds) => Mp4File.Audio(seconds);
}
