namespace DryApi.Simulator.Media;

/// <summary>
/// Writes FLAC streams of a 16-bit mono sine tone: the <c>fLaC</c> marker, a STREAMINFO block, then fixed-blocksize
/// frames with one VERBATIM subframe each, closed by their CRC-8 header and CRC-16 frame checksums.
/// </summary>
internal static class FlacFile
{
    public const int BlockSize = 4096;

    private const int Channels = 1;
    private const int BitsPerSample = 16;
    private const int StreamInfoLength = 34;
    private const int LastMetadataBlockStreamInfo = 0x80;
    private const int VerbatimSubframe = 0x02;

    public static byte[] Build(double seconds, int sampleRate)
    {
        MediaDuration.Validate(seconds, nameof(seconds));
        PcmSampleRate.Validate(sampleRate);

        var totalSamples = MediaDuration.Samples(seconds, sampleRate);
        var frames = new BigEndianBuffer();
        var minFrameSize = int.MaxValue;
        var maxFrameSize = 0;
        for (var first = 0L; first < totalSamples; first += BlockSize)
        {
            var frameStart = frames.Length;
            WriteFrame(frames, first / BlockSize, first, (int)Math.Min(BlockSize, totalSamples - first), sampleRate);
            minFrameSize = Math.Min(minFrameSize, frames.Length - frameStart);
            maxFrameSize = Math.Max(maxFrameSize, frames.Length - frameStart);
        }

        var flac = new BigEndianBuffer();
        flac.WriteAscii("fLaC");
        flac.WriteByte(LastMetadataBlockStreamInfo);
        flac.WriteByte(0);
        flac.WriteUInt16(StreamInfoLength);
        flac.WriteUInt16(BlockSize); // minimum block size
        flac.WriteUInt16(BlockSize); // maximum block size
        WriteUInt24(flac, minFrameSize);
        WriteUInt24(flac, maxFrameSize);
        flac.WriteUInt64(((ulong)sampleRate << 44) | ((ulong)(Channels - 1) << 41) | ((ulong)(BitsPerSample - 1) << 36) | (ulong)totalSamples);
        flac.WriteZeros(16); // MD5 of the audio: all zero means "not computed"
        flac.Write(frames.Written);
        return flac.ToArray();
    }

    private static void WriteFrame(BigEndianBuffer flac, long frameNumber, long firstSample, int blockSize, int sampleRate)
    {
        var frameStart = flac.Length;
        flac.WriteUInt16(0xFFF8); // sync code, fixed block size
        // Block size code 7: "16-bit (block size - 1) follows the header", which fits the shorter final block too.
        var rateCode = SampleRateCode(sampleRate);
        flac.WriteByte((0x7 << 4) | rateCode);
        flac.WriteByte(0x08); // mono, 16 bits per sample
        WriteCodedNumber(flac, frameNumber);
        flac.WriteUInt16(blockSize - 1);
        flac.WriteByte(FlacCrc.Crc8(flac.Written[frameStart..]));

        flac.WriteByte(VerbatimSubframe);
        for (var index = 0; index < blockSize; index++)
        {
            flac.WriteUInt16(SineTone.At(firstSample + index, sampleRate));
        }

        flac.WriteUInt16(FlacCrc.Crc16(flac.Written[frameStart..]));
    }

    /// <summary>The frame-header sample-rate code; 0 means "as in STREAMINFO", for rates without a code of their own.</summary>
    private static int SampleRateCode(int sampleRate) => sampleRate switch
    {
        88200 => 1,
        176400 => 2,
        192000 => 3,
        8000 => 4,
        16000 => 5,
        22050 => 6,
        24000 => 7,
        32000 => 8,
        44100 => 9,
        48000 => 10,
        96000 => 11,
        _ => 0,
    };

    /// <summary>Writes a frame number in FLAC's UTF-8-like variable-length coding.</summary>
    private static void WriteCodedNumber(BigEndianBuffer flac, long value)
    {
        if (value < 0x80)
        {
            flac.WriteByte((int)value);
            return;
        }

        var continuationBytes = value switch
        {
            < 0x800 => 1,
            < 0x10000 => 2,
            < 0x200000 => 3,
            < 0x4000000 => 4,
            _ => 5,
        };
        var leadMarker = (0xFF << (7 - continuationBytes)) & 0xFF;
        flac.WriteByte(leadMarker | (int)(value >> (6 * continuationBytes)));
        for (var index = continuationBytes - 1; index >= 0; index--)
        {
            flac.WriteByte(0x80 | (int)((value >> (6 * index)) & 0x3F));
        }
    }

    private static void WriteUInt24(BigEndianBuffer flac, int value)
    {
        flac.WriteByte(value >> 16);
        flac.WriteByte(value >> 8);
        flac.WriteByte(value);
    }
}
