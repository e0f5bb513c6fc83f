using System.Buffers.Binary;

namespace DryApi.Client.Media;

/// <summary>Reads the handler types of the tracks in an ISO BMFF file's <c>moov</c> box.</summary>
internal static class IsoTrackHandlers
{
    /// <summary>Whether the file has at least one track and every track is a sound track.</summary>
    public static bool AreAllSound(ReadOnlySpan<byte> file)
    {
        if (!TryFindBox(file, "moov"u8, out var movie))
        {
            return false;
        }

        var tracks = 0;
        while (TryReadBox(ref movie, out var type, out var track))
        {
            if (!type.SequenceEqual("trak"u8))
            {
                continue;
            }

            tracks++;
            if (!TryFindBox(track, "mdia"u8, out var media)
                || !TryFindBox(media, "hdlr"u8, out var handler)
                || handler.Length < 12
                || !handler.Slice(8, 4).SequenceEqual("soun"u8))
            {
                return false;
            }
        }

        return tracks > 0;
    }

    private static bool TryFindBox(ReadOnlySpan<byte> boxes, ReadOnlySpan<byte> wantedType, out ReadOnlySpan<byte> body)
    {
        while (TryReadBox(ref boxes, out var type, out body))
        {
            if (type.SequenceEqual(wantedType))
            {
                return true;
            }
        }

        body = default;
        return false;
    }

    /// <summary>Reads the box at the start of <paramref name="boxes"/> and advances past it; false when it is incomplete.</summary>
    private static bool TryReadBox(scoped ref ReadOnlySpan<byte> boxes, out ReadOnlySpan<byte> type, out ReadOnlySpan<byte> body)
    {
        type = default;
        body = default;
        if (boxes.Length < 8)
        {
            return false;
        }

        ulong size = BinaryPrimitives.ReadUInt32BigEndian(boxes);
        var headerLength = 8;
        if (size == 1)
        {
            if (boxes.Length < 16)
            {
                return false;
            }

            size = BinaryPrimitives.ReadUInt64BigEndian(boxes[8..]);
            headerLength = 16;
        }
        else if (size == 0)
        {
            size = (ulong)boxes.Length; // the box extends to the end of the file
        }

        if (size < (ulong)headerLength || size > (ulong)boxes.Length)
        {
            return false;
        }

        type = boxes.Slice(4, 4);
        body = boxes[headerLength..(int)size];
        boxes = boxes[(int)size..];
        return true;
    }
}
