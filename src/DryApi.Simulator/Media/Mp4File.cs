namespace DryApi.Simulator.Media;

/// <summary>
/// Builds the MP4 files: a video (one grey Motion-JPEG frame held for the whole duration, plus a silent AAC track) and
/// an audio-only M4A (silent AAC).
/// </summary>
internal static class Mp4File
{
    private const uint VideoTimescale = 1000;
    private const byte ObjectTypeJpeg = 0x6C;
    private const byte ObjectTypeAac = 0x40;
    private const byte VisualStream = 0x04;
    private const byte AudioStream = 0x05;
    private const byte EsDescriptorTag = 0x03;
    private const byte DecoderConfigDescriptorTag = 0x04;
    private const byte DecoderSpecificInfoTag = 0x05;
    private const byte SyncLayerConfigDescriptorTag = 0x06;
    private const byte SyncLayerPredefinedMp4 = 0x02;

    public static byte[] Video(int width, int height, double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, JpegFile.MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, JpegFile.MaxDimension);
        MediaDuration.Validate(seconds, nameof(seconds));

        var durationMs = (uint)MediaDuration.Samples(seconds, (int)VideoTimescale);
        var video = new Mp4Track(
            Mp4Track.Video,
            "VideoHandler",
            VideoTimescale,
            durationMs,
            [JpegFile.Build(width, height)],
            writer => WriteJpegSampleEntry(writer, width, height))
        {
            Width = width,
            Height = height,
        };
        return Mp4Writer.Write("isom", ["isom", "iso2", "mp41"], [video, SilentAacTrack(seconds)]);
    }

    public static byte[] Audio(double seconds)
    {
        MediaDuration.Validate(seconds, nameof(seconds));
        return Mp4Writer.Write("M4A ", ["M4A ", "isom", "mp42"], [SilentAacTrack(seconds)]);
    }

    private static Mp4Track SilentAacTrack(double seconds)
    {
        var frame = AacAudio.SilentFrame.ToArray();
        var frames = Enumerable.Repeat(frame, (int)AacAudio.FrameCount(seconds)).ToArray();
        return new Mp4Track(Mp4Track.Sound, "SoundHandler", AacAudio.SampleRate, AacAudio.SamplesPerFrame, frames, WriteAacSampleEntry);
    }

    private static void WriteJpegSampleEntry(IsoBoxWriter writer, int width, int height)
    {
        var file = writer.Buffer;
        using (writer.Box("mp4v"))
        {
            file.WriteZeros(6);
            file.WriteUInt16(1); // data reference index
            file.WriteZeros(2 + 2 + 12);
            file.WriteUInt16(width);
            file.WriteUInt16(height);
            file.WriteUInt32(0x00480000); // 72 dpi horizontally
            file.WriteUInt32(0x00480000); // 72 dpi vertically
            file.WriteUInt32(0);
            file.WriteUInt16(1); // frames per sample
            file.WriteZeros(32); // compressor name
            file.WriteUInt16(0x0018); // depth
            file.WriteUInt16(0xFFFF); // pre-defined -1
            WriteElementaryStreamDescriptor(writer, ObjectTypeJpeg, VisualStream, decoderSpecificInfo: []);
        }
    }

    private static void WriteAacSampleEntry(IsoBoxWriter writer)
    {
        var file = writer.Buffer;
        using (writer.Box("mp4a"))
        {
            file.WriteZeros(6);
            file.WriteUInt16(1); // data reference index
            file.WriteZeros(8);
            file.WriteUInt16(1); // channels
            file.WriteUInt16(16); // sample size
            file.WriteZeros(4);
            file.WriteUInt32((uint)AacAudio.SampleRate << 16);
            WriteElementaryStreamDescriptor(writer, ObjectTypeAac, AudioStream, AacAudio.AudioSpecificConfig());
        }
    }

    private static void WriteElementaryStreamDescriptor(IsoBoxWriter writer, byte objectType, byte streamType, byte[] decoderSpecificInfo)
    {
        var decoderConfig = new BigEndianBuffer();
        decoderConfig.WriteByte(objectType);
        decoderConfig.WriteByte((streamType << 2) | 1); // stream type, not upstream, reserved bit set
        decoderConfig.WriteZeros(3 + 4 + 4); // buffer size, maximum and average bit rate unknown
        if (decoderSpecificInfo.Length > 0)
        {
            WriteDescriptor(decoderConfig, DecoderSpecificInfoTag, decoderSpecificInfo);
        }

        var elementaryStream = new BigEndianBuffer();
        elementaryStream.WriteUInt16(1); // ES id
        elementaryStream.WriteByte(0); // no dependency, URL or OCR stream
        WriteDescriptor(elementaryStream, DecoderConfigDescriptorTag, decoderConfig.Written);
        WriteDescriptor(elementaryStream, SyncLayerConfigDescriptorTag, [SyncLayerPredefinedMp4]);

        using (writer.FullBox("esds", 0, 0))
        {
            WriteDescriptor(writer.Buffer, EsDescriptorTag, elementaryStream.Written);
        }
    }

    /// <summary>Writes an MPEG-4 descriptor; every descriptor here is shorter than 128 bytes, so its size takes one byte.</summary>
    private static void WriteDescriptor(BigEndianBuffer target, byte tag, ReadOnlySpan<byte> payload)
    {
        target.WriteByte(tag);
        target.WriteByte(payload.Length);
        target.Write(payload);
    }
}
