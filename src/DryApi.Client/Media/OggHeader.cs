using System.Buffers.Binary;

namespace DryApi.Client.Media;

/// <summary>
/// Reads and checks an Ogg file's first page (a stream's beginning, whole, with a matching CRC); for Opus, Vorbis, FLAC
/// and Speex streams the last page's granule position over the sample rate is the length.
/// </summary>
internal static class OggHeader
{
    private const int PageHeaderLength = 27;
    private const int OpusGranuleRate = 48000;

    public static MediaHeader? Read(ReadOnlySpan<byte> ogg)
    {
        if (ogg.Length < PageHeaderLength || ogg[4] != 0 || (ogg[5] & 0x02) == 0 || ogg[26] == 0)
        {
            return null;
        }

        var segments = ogg[26];
        var bodyStart = PageHeaderLength + segments;
        if (bodyStart > ogg.Length)
        {
            return null;
        }

        var pageLength = bodyStart;
        foreach (var lacing in ogg[PageHeaderLength..bodyStart])
        {
            pageLength += lacing;
        }

        if (pageLength > ogg.Length || PageCrc(ogg[..pageLength]) != BinaryPrimitives.ReadUInt32LittleEndian(ogg[22..]))
        {
            return null;
        }

        var serial = BinaryPrimitives.ReadUInt32LittleEndian(ogg[14..]);
        var (rate, skipped) = SampleRate(ogg[bodyStart..pageLength]);
        return rate > 0 && LastGranule(ogg, serial) is { } granule && granule > skipped
            ? new MediaHeader(Seconds: (granule - skipped) / (double)rate)
            : new MediaHeader();
    }

    /// <summary>The granule rate of the stream whose identification packet starts <paramref name="packet"/>, and the samples its decoder skips.</summary>
    private static (long Rate, long Skipped) SampleRate(ReadOnlySpan<byte> packet)
    {
        if (packet.StartsWith("OpusHead"u8) && packet.Length >= 12)
        {
            return (OpusGranuleRate, BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]));
        }

        if (packet.StartsWith("\u0001vorbis"u8) && packet.Length >= 16)
        {
            return (BinaryPrimitives.ReadUInt32LittleEndian(packet[12..]), 0);
        }

        if (packet.StartsWith("\u007fFLAC"u8) && packet.Length >= 30)
        {
            return ((packet[27] << 12) | (packet[28] << 4) | (packet[29] >> 4), 0);
        }

        return packet.StartsWith("Speex   "u8) && packet.Length >= 40 ? (BinaryPrimitives.ReadUInt32LittleEndian(packet[36..]), 0) : (0, 0);
    }

    /// <summary>The granule position of the last page of stream <paramref name="serial"/>, if one is found near the end.</summary>
    private static long? LastGranule(ReadOnlySpan<byte> ogg, uint serial)
    {
        var searched = ogg;
        for (var pages = 0; pages < 64; pages++)
        {
            var start = searched.LastIndexOf("OggS"u8);
            if (start < 0)
            {
                return null;
            }

            var page = ogg[start..];
            if (page.Length >= PageHeaderLength && BinaryPrimitives.ReadUInt32LittleEndian(page[14..]) == serial)
            {
                var granule = BinaryPrimitives.ReadInt64LittleEndian(page[6..]);
                if (granule >= 0)
                {
                    return granule;
                }
            }

            searched = ogg[..start];
        }

        return null;
    }

    /// <summary>Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected) over the page with its CRC field taken as zero.</summary>
    private static uint PageCrc(ReadOnlySpan<byte> page)
    {
        var crc = 0u;
        for (var index = 0; index < page.Length; index++)
        {
            var value = index is >= 22 and < 26 ? (byte)0 : page[index];
            crc ^= (uint)value << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
            }
        }

        return crc;
    }
}
