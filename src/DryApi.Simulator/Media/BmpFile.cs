using System.Buffers.Binary;

namespace DryApi.Simulator.Media;

/// <summary>Writes uncompressed 24-bit BMP images (BITMAPINFOHEADER, bottom-up rows) with a colour gradient.</summary>
internal static class BmpFile
{
    private const int FileHeaderSize = 14;
    private const int InfoHeaderSize = 40;
    private const int PixelsPerMetre = 2835; // 72 DPI

    public static byte[] Build(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);

        var stride = ((width * 3) + 3) & ~3;
        var pixelOffset = FileHeaderSize + InfoHeaderSize;
        var bmp = new byte[pixelOffset + (stride * height)];
        var span = bmp.AsSpan();

        span[0] = (byte)'B';
        span[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], pixelOffset);

        BinaryPrimitives.WriteInt32LittleEndian(span[14..], InfoHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[18..], width);
        BinaryPrimitives.WriteInt32LittleEndian(span[22..], height);
        BinaryPrimitives.WriteInt16LittleEndian(span[26..], 1); // planes
        BinaryPrimitives.WriteInt16LittleEndian(span[28..], 24); // bits per pixel
        BinaryPrimitives.WriteInt32LittleEndian(span[34..], stride * height);
        BinaryPrimitives.WriteInt32LittleEndian(span[38..], PixelsPerMetre);
        BinaryPrimitives.WriteInt32LittleEndian(span[42..], PixelsPerMetre);

        for (var row = 0; row < height; row++)
        {
            var line = span.Slice(pixelOffset + (row * stride), width * 3);
            for (var x = 0; x < width; x++)
            {
                line[x * 3] = (byte)(255 * x / Math.Max(1, width - 1)); // blue
                line[(x * 3) + 1] = (byte)(255 * row / Math.Max(1, height - 1)); // green
                line[(x * 3) + 2] = 200; // red
            }
        }

        return bmp;
    }
}
