using System.Buffers.Binary;

namespace DryApi.Client.Media;

/// <summary>Reads and checks the headers of video containers (MP4/MOV/M4A, WebM, AVI, ASF/WMV, MPEG program streams).</summary>
internal static class ContainerHeaders
{
    private const uint EbmlHeaderId = 0x1A45DFA3;
    private const uint EbmlDocTypeId = 0x4282;
    private const uint SegmentId = 0x18538067;
    private const uint SegmentInfoId = 0x1549A966;
    private const uint TimecodeScaleId = 0x2AD7B1;
    private const uint DurationId = 0x4489;
    private const double DefaultTimecodeScale = 1_000_000; // nanoseconds per timecode unit

    private static ReadOnlySpan<byte> AsfFilePropertiesGuid =>
        [0xA1, 0xDC, 0xAB, 0x8C, 0x47, 0xA9, 0xCF, 0x11, 0x8E, 0xE4, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65];

    /// <summary>
    /// ISO base media: boxes one after another up to a <c>moov</c> with an <c>mvhd</c> whose time scale is positive; its
    /// duration is the length, and the first track with a size in its <c>tkhd</c> gives the picture size.
    /// </summary>
    public static MediaHeader? IsoMovie(ReadOnlySpan<byte> file)
    {
        if (!IsoBoxes.TryFind(file, "moov"u8, out var movie) || !IsoBoxes.TryFind(movie, "mvhd"u8, out var header) || header.Length < 20)
        {
            return null;
        }

        var isVersion1 = header[0] == 1;
        if (isVersion1 && header.Length < 32)
        {
            return null;
        }

        var timescale = BinaryPrimitives.ReadUInt32BigEndian(header[(isVersion1 ? 20 : 12)..]);
        var duration = isVersion1 ? BinaryPrimitives.ReadUInt64BigEndian(header[24..]) : BinaryPrimitives.ReadUInt32BigEndian(header[16..]);
        if (timescale == 0)
        {
            return null;
        }

        var (width, height) = PictureSize(movie);
        // A fragmented file leaves the duration 0 (or all ones) in mvhd.
        double? seconds = duration is 0 or uint.MaxValue or ulong.MaxValue ? null : duration / (double)timescale;
        return new MediaHeader(width, height, seconds);
    }

    /// <summary>WebM: the EBML header naming the webm document type, then a Segment whose Info element gives the length when it has one.</summary>
    public static MediaHeader? Webm(ReadOnlySpan<byte> webm)
    {
        if (!TryReadElement(ref webm, out var id, out var header) || id != EbmlHeaderId || !HasWebmDocType(header)
            || !TryReadElementHeader(webm, out id, out var headerLength, out var size) || id != SegmentId)
        {
            return null;
        }

        var segmentEnd = size > (ulong)(webm.Length - headerLength) ? webm.Length : headerLength + (int)size; // a live recording's size is unknown
        var children = webm[headerLength..segmentEnd];
        while (TryReadElement(ref children, out id, out var body))
        {
            if (id == SegmentInfoId)
            {
                return WebmInfo(body);
            }
        }

        return null;
    }

    /// <summary>AVI: the <c>hdrl</c> list first, with its main header; frames times the frame period is the length.</summary>
    public static MediaHeader? Avi(ReadOnlySpan<byte> avi)
    {
        if (avi.Length < 88 || !avi.Slice(12, 4).SequenceEqual("LIST"u8) || !avi.Slice(20, 4).SequenceEqual("hdrl"u8)
            || !avi.Slice(24, 4).SequenceEqual("avih"u8) || BinaryPrimitives.ReadUInt32LittleEndian(avi[28..]) < 56)
        {
            return null;
        }

        var main = avi[32..];
        var microsecondsPerFrame = BinaryPrimitives.ReadUInt32LittleEndian(main);
        var frames = BinaryPrimitives.ReadUInt32LittleEndian(main[16..]);
        var streams = BinaryPrimitives.ReadUInt32LittleEndian(main[24..]);
        var width = BinaryPrimitives.ReadInt32LittleEndian(main[32..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(main[36..]);
        if (streams == 0 || width < 0 || height < 0)
        {
            return null;
        }

        double? seconds = microsecondsPerFrame > 0 && frames > 0 ? microsecondsPerFrame * (double)frames / 1_000_000 : null;
        return width > 0 && height > 0 ? new MediaHeader(width, height, seconds) : new MediaHeader(Seconds: seconds);
    }

    /// <summary>ASF (WMV): a header object whose objects fit in it and include File Properties, whose play duration less preroll is the length.</summary>
    public static MediaHeader? Asf(ReadOnlySpan<byte> asf)
    {
        if (asf.Length < 30)
        {
            return null;
        }

        var headerSize = BinaryPrimitives.ReadUInt64LittleEndian(asf[16..]);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(asf[24..]);
        if (headerSize < 30 || headerSize > (ulong)asf.Length)
        {
            return null;
        }

        var objects = asf[30..(int)headerSize];
        for (var index = 0; index < count && objects.Length >= 24; index++)
        {
            var size = BinaryPrimitives.ReadUInt64LittleEndian(objects[16..]);
            if (size < 24 || size > (ulong)objects.Length)
            {
                return null;
            }

            if (objects[..16].SequenceEqual(AsfFilePropertiesGuid) && size >= 88)
            {
                var playDuration = BinaryPrimitives.ReadUInt64LittleEndian(objects[64..]); // 100 ns units
                var preroll = BinaryPrimitives.ReadUInt64LittleEndian(objects[80..]); // milliseconds
                return new MediaHeader(Seconds: Math.Max(0, (playDuration / 10_000_000.0) - (preroll / 1000.0)));
            }

            objects = objects[(int)size..];
        }

        return null;
    }

    /// <summary>
    /// MPEG-1/2 program stream (or bare video stream): a pack header with its marker bits followed by another start code,
    /// or a sequence header; the first sequence header gives the picture size.
    /// </summary>
    public static MediaHeader? MpegProgram(ReadOnlySpan<byte> mpeg)
    {
        if (mpeg.Length < 12)
        {
            return null;
        }

        if (mpeg[3] == 0xB3)
        {
            return SequenceSize(mpeg[4..]);
        }

        int next;
        if ((mpeg[4] & 0xC4) == 0x44 && mpeg.Length >= 14) // MPEG-2 pack header
        {
            var markersSet = (mpeg[6] & 0x04) != 0 && (mpeg[8] & 0x04) != 0 && (mpeg[9] & 0x01) != 0 && (mpeg[12] & 0x03) == 0x03;
            next = markersSet ? 14 + (mpeg[13] & 0x07) : -1;
        }
        else if ((mpeg[4] & 0xF1) == 0x21) // MPEG-1 pack header
        {
            var markersSet = (mpeg[6] & 0x01) != 0 && (mpeg[8] & 0x01) != 0 && (mpeg[9] & 0x80) != 0 && (mpeg[11] & 0x01) != 0;
            next = markersSet ? 12 : -1;
        }
        else
        {
            return null;
        }

        if (next < 0 || next + 4 > mpeg.Length || !mpeg.Slice(next, 3).SequenceEqual((ReadOnlySpan<byte>)[0, 0, 1]))
        {
            return null;
        }

        var sequence = mpeg[..Math.Min(mpeg.Length, 1 << 16)].IndexOf((ReadOnlySpan<byte>)[0, 0, 1, 0xB3]);
        return sequence >= 0 ? SequenceSize(mpeg[(sequence + 4)..]) ?? new MediaHeader() : new MediaHeader();
    }

    private static (int? Width, int? Height) PictureSize(ReadOnlySpan<byte> movie)
    {
        while (IsoBoxes.TryRead(ref movie, out var type, out var track))
        {
            if (!type.SequenceEqual("trak"u8) || !IsoBoxes.TryFind(track, "tkhd"u8, out var header))
            {
                continue;
            }

            var sizeAt = header.Length > 0 && header[0] == 1 ? 88 : 76;
            if (header.Length >= sizeAt + 8)
            {
                var width = (int)(BinaryPrimitives.ReadUInt32BigEndian(header[sizeAt..]) >> 16);
                var height = (int)(BinaryPrimitives.ReadUInt32BigEndian(header[(sizeAt + 4)..]) >> 16);
                if (width > 0 && height > 0)
                {
                    return (width, height);
                }
            }
        }

        return (null, null);
    }

    private static MediaHeader? SequenceSize(ReadOnlySpan<byte> sequence)
    {
        if (sequence.Length < 4)
        {
            return null;
        }

        var width = (sequence[0] << 4) | (sequence[1] >> 4);
        var height = ((sequence[1] & 0x0F) << 8) | sequence[2];
        var aspect = sequence[3] >> 4;
        var frameRate = sequence[3] & 0x0F;
        return width > 0 && height > 0 && aspect is > 0 and < 15 && frameRate is > 0 and < 9 ? new MediaHeader(width, height) : null;
    }

    private static bool HasWebmDocType(ReadOnlySpan<byte> header)
    {
        while (TryReadElement(ref header, out var id, out var body))
        {
            if (id == EbmlDocTypeId)
            {
                return body.TrimEnd((byte)0).SequenceEqual("webm"u8);
            }
        }

        return false;
    }

    /// <summary>The Segment Info's elements, which must fill it; its Duration in TimecodeScale units gives the length.</summary>
    private static MediaHeader? WebmInfo(ReadOnlySpan<byte> info)
    {
        var scale = DefaultTimecodeScale;
        double? duration = null;
        while (TryReadElement(ref info, out var id, out var body))
        {
            if (id == TimecodeScaleId && body.Length is > 0 and <= 8)
            {
                scale = ReadUnsigned(body);
            }
            else if (id == DurationId)
            {
                duration = body.Length switch
                {
                    4 => BinaryPrimitives.ReadSingleBigEndian(body),
                    8 => BinaryPrimitives.ReadDoubleBigEndian(body),
                    _ => null,
                };
            }
        }

        if (!info.IsEmpty)
        {
            return null;
        }

        return new MediaHeader(Seconds: duration is { } units && double.IsFinite(units) && units >= 0 ? units * scale / 1_000_000_000 : null);
    }

    /// <summary>Reads one EBML element of known size that fits in <paramref name="elements"/> and advances past it.</summary>
    private static bool TryReadElement(scoped ref ReadOnlySpan<byte> elements, out uint id, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!TryReadElementHeader(elements, out id, out var headerLength, out var size) || size > (ulong)(elements.Length - headerLength))
        {
            return false;
        }

        body = elements.Slice(headerLength, (int)size);
        elements = elements[(headerLength + (int)size)..];
        return true;
    }

    /// <summary>An EBML element's ID (with its length marker) and data size; an unknown size (all ones) reads as the largest value.</summary>
    private static bool TryReadElementHeader(ReadOnlySpan<byte> element, out uint id, out int headerLength, out ulong size)
    {
        (id, headerLength, size) = (0, 0, 0);
        if (!TryReadVarInt(element, maxLength: 4, out var idLength, out _) || !TryReadVarInt(element[idLength..], maxLength: 8, out var sizeLength, out size))
        {
            return false;
        }

        id = (uint)ReadUnsigned(element[..idLength]);
        headerLength = idLength + sizeLength;
        return true;
    }

    private static bool TryReadVarInt(ReadOnlySpan<byte> bytes, int maxLength, out int length, out ulong value)
    {
        (length, value) = (0, 0);
        if (bytes.IsEmpty || bytes[0] == 0)
        {
            return false;
        }

        length = System.Numerics.BitOperations.LeadingZeroCount((uint)bytes[0]) - 23;
        if (length > maxLength || length > bytes.Length)
        {
            return false;
        }

        value = bytes[0] & ((1u << (8 - length)) - 1);
        var allOnes = value == (1u << (8 - length)) - 1;
        for (var index = 1; index < length; index++)
        {
            value = (value << 8) | bytes[index];
            allOnes &= bytes[index] == 0xFF;
        }

        value = allOnes ? ulong.MaxValue : value;
        return true;
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        foreach (var part in bytes)
        {
            value = (value << 8) | part;
        }

        return value;
    }
}
