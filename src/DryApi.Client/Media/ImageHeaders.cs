using System.Buffers.Binary;

namespace DryApi.Client.Media;

/// <summary>Reads the pixel size from the header of a PNG, JPEG, GIF, BMP or WebP image, checking the header's structure.</summary>
internal static class ImageHeaders
{
    private const int PngHeaderEnd = 33; // signature 8 + IHDR chunk (length 4, type 4, data 13, CRC 4)

    /// <summary>
    /// PNG: the IHDR chunk first, with allowed bit depth and colour type and a matching CRC, then chunks that follow one
    /// another to an IEND with image data on the way.
    /// </summary>
    public static MediaHeader? Png(ReadOnlySpan<byte> png)
    {
        if (png.Length < PngHeaderEnd || BinaryPrimitives.ReadUInt32BigEndian(png[8..]) != 13 || !png.Slice(12, 4).SequenceEqual("IHDR"u8)
            || System.IO.Hashing.Crc32.HashToUInt32(png.Slice(12, 17)) != BinaryPrimitives.ReadUInt32BigEndian(png[29..]))
        {
            return null;
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(png[16..]);
        var height = BinaryPrimitives.ReadInt32BigEndian(png[20..]);
        var (bitDepth, colourType) = (png[24], png[25]);
        var validDepth = colourType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => false,
        };
        if (width <= 0 || height <= 0 || !validDepth || png[26] != 0 || png[27] != 0 || png[28] > 1)
        {
            return null;
        }

        return PngChunksEndWell(png[PngHeaderEnd..]) ? new MediaHeader(width, height) : null;
    }

    /// <summary>JPEG: segments from the start of the image to the first start-of-frame marker, whose header gives the size.</summary>
    public static MediaHeader? Jpeg(ReadOnlySpan<byte> jpeg)
    {
        var position = 2;
        while (position + 4 <= jpeg.Length)
        {
            if (jpeg[position] != 0xFF)
            {
                return null;
            }

            var marker = jpeg[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2; // markers without a length
                continue;
            }

            if (marker is 0x00 or 0xD8 or 0xD9 or 0xDA)
            {
                return null; // image data or its end before any frame header
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + 2)..]);
            if (length < 2 || position + 2 + length > jpeg.Length)
            {
                return null;
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return JpegFrame(jpeg.Slice(position + 4, length - 2));
            }

            position += 2 + length;
        }

        return null;
    }

    /// <summary>GIF: the logical screen's size, then (after the global colour table) an image, an extension or the trailer.</summary>
    public static MediaHeader? Gif(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < 13)
        {
            return null;
        }

        var width = BinaryPrimitives.ReadUInt16LittleEndian(gif[6..]);
        var height = BinaryPrimitives.ReadUInt16LittleEndian(gif[8..]);
        var flags = gif[10];
        var firstBlock = 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 0x7) + 1) : 0);
        if (width == 0 || height == 0 || firstBlock >= gif.Length)
        {
            return null;
        }

        return gif[firstBlock] switch
        {
            0x2C when firstBlock + 10 <= gif.Length => new MediaHeader(width, height),
            0x21 when firstBlock + 3 <= gif.Length => new MediaHeader(width, height),
            _ => null,
        };
    }

    /// <summary>BMP: an info header with one plane and a known bit count; uncompressed pixel rows must fit in the file.</summary>
    public static MediaHeader? Bmp(ReadOnlySpan<byte> bmp)
    {
        if (bmp.Length < 18)
        {
            return null;
        }

        var infoSize = BinaryPrimitives.ReadUInt32LittleEndian(bmp[14..]);
        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(bmp[10..]);
        if (bmp.Length < 14L + Math.Max(infoSize, 16) || pixelOffset < 14L + infoSize || pixelOffset > bmp.Length)
        {
            return null;
        }

        var info = bmp[14..];
        long width, height;
        int planes, bitCount;
        var compression = 0u;
        if (infoSize == 12)
        {
            (width, height) = (BinaryPrimitives.ReadUInt16LittleEndian(info[4..]), BinaryPrimitives.ReadUInt16LittleEndian(info[6..]));
            (planes, bitCount) = (BinaryPrimitives.ReadUInt16LittleEndian(info[8..]), BinaryPrimitives.ReadUInt16LittleEndian(info[10..]));
        }
        else
        {
            (width, height) = (BinaryPrimitives.ReadInt32LittleEndian(info[4..]), BinaryPrimitives.ReadInt32LittleEndian(info[8..]));
            (planes, bitCount) = (BinaryPrimitives.ReadUInt16LittleEndian(info[12..]), BinaryPrimitives.ReadUInt16LittleEndian(info[14..]));
            compression = BinaryPrimitives.ReadUInt32LittleEndian(info[16..]);
        }

        height = Math.Abs(height); // a negative height means rows run top-down
        if (width <= 0 || height is 0 or > int.MaxValue || planes != 1 || bitCount is not (1 or 4 or 8 or 16 or 24 or 32) || compression > 6)
        {
            return null;
        }

        var uncompressed = compression is 0 or 3 or 6;
        var rowBytes = ((width * bitCount) + 31) / 32 * 4;
        return uncompressed && pixelOffset + (rowBytes * height) > bmp.Length ? null : new MediaHeader((int)width, (int)height);
    }

    /// <summary>WebP: the RIFF size, then a VP8 key frame, a VP8L header, or a VP8X header followed by image or animation chunks.</summary>
    public static MediaHeader? Webp(ReadOnlySpan<byte> webp)
    {
        var riffEnd = webp.Length < 12 ? 0 : 8L + BinaryPrimitives.ReadUInt32LittleEndian(webp[4..]);
        if (riffEnd < 12 || riffEnd > webp.Length || !RiffChunks.TryRead(webp[12..(int)riffEnd], out var fourCc, out var chunk, out var rest))
        {
            return null;
        }

        switch (Chunk(fourCc))
        {
            case "VP8 " when chunk.Length >= 10 && (chunk[0] & 0x1) == 0 && chunk.Slice(3, 3).SequenceEqual((ReadOnlySpan<byte>)[0x9D, 0x01, 0x2A]):
                return Sized(BinaryPrimitives.ReadUInt16LittleEndian(chunk[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(chunk[8..]) & 0x3FFF);
            case "VP8L" when chunk.Length >= 5 && chunk[0] == 0x2F && BinaryPrimitives.ReadUInt32LittleEndian(chunk[1..]) >> 29 == 0:
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(chunk[1..]);
                return new MediaHeader((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
            case "VP8X" when chunk.Length >= 10 && HasImageChunk(rest):
                return new MediaHeader(ReadUInt24(chunk[4..]) + 1, ReadUInt24(chunk[7..]) + 1);
            default:
                return null;
        }
    }

    private static MediaHeader? JpegFrame(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 6)
        {
            return null;
        }

        var height = BinaryPrimitives.ReadUInt16BigEndian(frame[1..]);
        var width = BinaryPrimitives.ReadUInt16BigEndian(frame[3..]);
        var components = frame[5];
        return frame[0] is >= 2 and <= 16 && components is >= 1 and <= 4 && frame.Length == 6 + (3 * components)
            ? Sized(width, height)
            : null;
    }

    private static MediaHeader? Sized(int width, int height) => width > 0 && height > 0 ? new MediaHeader(width, height) : null;

    private static bool PngChunksEndWell(ReadOnlySpan<byte> chunks)
    {
        var hasImageData = false;
        while (chunks.Length >= 12)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(chunks);
            var type = chunks.Slice(4, 4);
            if (length > int.MaxValue - 12 || 12 + length > chunks.Length || !IsAsciiLetters(type))
            {
                return false;
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return hasImageData;
            }

            hasImageData |= type.SequenceEqual("IDAT"u8);
            chunks = chunks[(12 + (int)length)..];
        }

        return false;
    }

    private static bool IsAsciiLetters(ReadOnlySpan<byte> type)
    {
        foreach (var character in type)
        {
            if (!char.IsAsciiLetter((char)character))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasImageChunk(ReadOnlySpan<byte> chunks)
    {
        while (RiffChunks.TryRead(chunks, out var fourCc, out _, out chunks))
        {
            if (Chunk(fourCc) is "VP8 " or "VP8L" or "ANIM")
            {
                return true;
            }
        }

        return false;
    }

    private static string Chunk(ReadOnlySpan<byte> fourCc) => System.Text.Encoding.ASCII.GetString(fourCc);

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);
}
