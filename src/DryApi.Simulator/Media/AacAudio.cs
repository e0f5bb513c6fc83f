namespace DryApi.Simulator.Media;

/// <summary>Silent AAC-LC audio (24 kHz mono), as raw frames for MP4 tracks or as an ADTS stream.</summary>
internal static class AacAudio
{
    public const int SampleRate = 24000;
    public const int SamplesPerFrame = 1024;

    private const int ObjectTypeLowComplexity = 2;
    private const int SamplingFrequencyIndex = 6; // 24 kHz
    private const int ChannelConfigurationMono = 1;
    private const int AdtsHeaderLength = 7;
    private const int AdtsBufferFullnessVariable = 0x7FF;

    /// <summary>
    /// One raw_data_block: a single-channel element with global gain 0, a long window and max_sfb 0 (no spectral data,
    /// no tools), then the END element. It decodes to 1024 samples of silence.
    /// </summary>
    public static ReadOnlySpan<byte> SilentFrame => [0x00, 0x00, 0x00, 0x07];

    /// <summary>The 2-byte AudioSpecificConfig for the MP4 <c>esds</c> descriptor.</summary>
    public static byte[] AudioSpecificConfig() =>
    [
        (byte)((ObjectTypeLowComplexity << 3) | (SamplingFrequencyIndex >> 1)),
        (byte)(((SamplingFrequencyIndex & 1) << 7) | (ChannelConfigurationMono << 3)),
    ];

    public static long FrameCount(double seconds) =>
        MediaDuration.Frames(MediaDuration.Samples(seconds, SampleRate), SamplesPerFrame);

    public static byte[] Adts(double seconds)
    {
        MediaDuration.Validate(seconds, nameof(seconds));
        var frameLength = AdtsHeaderLength + SilentFrame.Length;
        var frames = FrameCount(seconds);
        var header = AdtsHeader(frameLength);
        var adts = new byte[frames * frameLength];
        for (var frame = 0; frame < frames; frame++)
        {
            var span = adts.AsSpan(frame * frameLength);
            header.CopyTo(span);
            SilentFrame.CopyTo(span[AdtsHeaderLength..]);
        }

        return adts;
    }

    private static byte[] AdtsHeader(int frameLength)
    {
        // Field widths: sync 12, ID 1 (MPEG-4), layer 2, protection absent 1, profile 2, sampling index 4, private 1,
        // channels 3, original 1, home 1, copyright bits 2, frame length 13, buffer fullness 11, raw blocks - 1 2.
        var bits = (0xFFFUL << 44)
            | (1UL << 40)
            | ((ulong)(ObjectTypeLowComplexity - 1) << 38)
            | ((ulong)SamplingFrequencyIndex << 34)
            | ((ulong)ChannelConfigurationMono << 30)
            | ((ulong)frameLength << 13)
            | ((ulong)AdtsBufferFullnessVariable << 2);
        var header = new byte[AdtsHeaderLength];
        for (var index = 0; index < AdtsHeaderLength; index++)
        {
            header[index] = (byte)(bits >> (8 * (AdtsHeaderLength - 1 - index)));
        }

        return header;
    }
}
