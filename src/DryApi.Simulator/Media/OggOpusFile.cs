using System.Buffers.Binary;

namespace DryApi.Simulator.Media;

/// <summary>
/// Writes silent Ogg Opus audio: an OpusHead page, an OpusTags page, then pages of 20 ms Opus packets that each hold
/// only a TOC byte (a zero-length CELT frame, which decoders render as silence).
/// </summary>
internal static class OggOpusFile
{
    public const int GranuleRate = 48000;
    public const int PreSkip = 312;
    public const int SamplesPerPacket = 960;

    private const uint StreamSerial = 0x44727941; // "DryA"
    private const int PacketsPerPage = 50; // one second per page; opusinfo warns about longer pages
    private const byte FirstPage = 0x02;
    private const byte LastPage = 0x04;
    private const byte CeltFullband20MsMono = 0xF8; // TOC: configuration 31, mono, one frame

    public static byte[] Build(double seconds)
    {
        MediaDuration.Validate(seconds, nameof(seconds));
        // Granule positions count decoded samples, pre-skip included; playback length is the last one minus pre-skip.
        var endGranule = PreSkip + MediaDuration.Samples(seconds, GranuleRate);
        var packets = MediaDuration.Frames(endGranule, SamplesPerPacket);

        using var ogg = new MemoryStream();
        var sequence = 0u;
        WritePage(ogg, FirstPage, 0, sequence++, [OpusHead()]);
        WritePage(ogg, 0, 0, sequence++, [OpusTags()]);

        byte[] packet = [CeltFullband20MsMono];
        for (var written = 0L; written < packets;)
        {
            var count = (int)Math.Min(PacketsPerPage, packets - written);
            written += count;
            var isLast = written == packets;
            // The last page's granule position trims the final packet to the requested length.
            var granule = isLast ? endGranule : written * SamplesPerPacket;
            WritePage(ogg, isLast ? LastPage : (byte)0, granule, sequence++, Enumerable.Repeat(packet, count).ToArray());
        }

        return ogg.ToArray();
    }

    private static byte[] OpusHead()
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = 1; // channels
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), GranuleRate); // original input rate, informational
        // Output gain 0 and channel mapping family 0 (mono/stereo) stay zero.
        return head;
    }

    private static byte[] OpusTags()
    {
        var vendor = "DryApi.Simulator"u8;
        var tags = new byte[8 + 4 + vendor.Length + 4];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteInt32LittleEndian(tags.AsSpan(8), vendor.Length);
        vendor.CopyTo(tags.AsSpan(12));
        // The user comment count after the vendor string stays zero.
        return tags;
    }

    private static void WritePage(MemoryStream ogg, byte headerType, long granulePosition, uint sequence, byte[][] packets)
    {
        var lacing = new List<byte>();
        foreach (var packet in packets)
        {
            lacing.AddRange(Enumerable.Repeat((byte)255, packet.Length / 255));
            lacing.Add((byte)(packet.Length % 255));
        }

        var page = new byte[27 + lacing.Count + packets.Sum(packet => packet.Length)];
        var span = page.AsSpan();
        "OggS"u8.CopyTo(span);
        span[5] = headerType;
        BinaryPrimitives.WriteInt64LittleEndian(span[6..], granulePosition);
        BinaryPrimitives.WriteUInt32LittleEndian(span[14..], StreamSerial);
        BinaryPrimitives.WriteUInt32LittleEndian(span[18..], sequence);
        span[26] = (byte)lacing.Count;
        lacing.ToArray().CopyTo(span[27..]);
        var offset = 27 + lacing.Count;
        foreach (var packet in packets)
        {
            packet.CopyTo(span[offset..]);
            offset += packet.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[22..], OggCrc32.Compute(page));
        ogg.Write(page);
    }
}
