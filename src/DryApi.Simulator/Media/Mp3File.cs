namespace DryApi.Simulator.Media;

/// <summary>
/// Writes silent MP3 audio: a run of MPEG-1 Layer III frames (48 kHz, 32 kbit/s, mono) whose side information is all
/// zero, so every granule decodes to silence.
/// </summary>
internal static class Mp3File
{
    public const int SampleRate = 48000;
    public const int BitRate = 32000;
    public const int SamplesPerFrame = 1152;

    /// <summary>144 × bit rate ÷ sample rate; exact at these rates, so no frame needs a padding byte.</summary>
    public const int FrameLength = 144 * BitRate / SampleRate;

    // Sync, MPEG-1, Layer III, no CRC | bit-rate index 1 (32 kbit/s), sample-rate index 1 (48 kHz) | mono.
    private static ReadOnlySpan<byte> FrameHeader => [0xFF, 0xFB, 0x14, 0xC0];

    public static byte[] Build(double seconds)
    {
        MediaDuration.Validate(seconds, nameof(seconds));
        var frames = MediaDuration.Frames(MediaDuration.Samples(seconds, SampleRate), SamplesPerFrame);
        var mp3 = new byte[frames * FrameLength];
        for (var frame = 0; frame < frames; frame++)
        {
            FrameHeader.CopyTo(mp3.AsSpan(frame * FrameLength));
        }

        return mp3;
    }
}
