using System.Buffers.Binary;

namespace DryApi.Client.Media;

/// <summary>Walks the boxes of an ISO base media file (MP4, MOV, M4A).</summary>
internal static class IsoBoxes
{
    /// <summary>The body of the first box of <paramref name="wantedType"/> among <paramref name="boxes"/>; false when a box is cut short before it.</summary>
    public static bool TryFind(ReadOnlySpan<byte> boxes, ReadOnlySpan<byte> wantedType, out ReadOnlySpan<byte> body)
    {
        while (TryRead(ref boxes, out var type, out body))
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
    public static bool TryRead(scoped ref ReadOnlySpan<byte> boxes, out ReadOnlySpan<byte> type, out ReadOnlySpan<byte> body)
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
