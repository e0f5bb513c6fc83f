using System.Buffers.Binary;
using System.IO.Compression;

namespace DryApi.Simulator.Media;

/// <summary>Writes 8-bit RGB (or RGBA) PNG images showing a gradient with a checker pattern, varied by a seed.</summary>
internal static class PngFile
{
    public const int MaxDimension = 4096;

    private const byte BitDepth = 8;
    private const byte ColorTypeRgb = 2;
    private const byte ColorTypeRgba = 6;
    private const byte SubFilter = 1;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Build(int width, int height, bool transparent, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxDimension);

        var png = new BigEndianBuffer();
        png.Write(Signature);
        WriteChunk(png, "IHDR", Header(width, height, transparent));
        WriteChunk(png, "IDAT", CompressedScanlines(width, height, transparent, seed));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Header(int width, int height, bool transparent)
    {
        // Compression, filter and interlace methods stay 0 (deflate, adaptive filtering, no interlace).
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = BitDepth;
        header[9] = transparent ? ColorTypeRgba : ColorTypeRgb;
        return header;
    }

    private static void WriteChunk(BigEndianBuffer png, string type, ReadOnlySpan<byte> data)
    {
        png.WriteUInt32((uint)data.Length);
        var typeStart = png.Length;
        png.WriteAscii(type);
        png.Write(data);
        png.WriteUInt32(System.IO.Hashing.Crc32.HashToUInt32(png.Written[typeStart..]));
    }

    private static byte[] CompressedScanlines(int width, int height, bool transparent, int seed)
    {
        var channels = transparent ? 4 : 3;
        var pixels = new byte[width * channels];
        var scanline = new byte[1 + pixels.Length];
        scanline[0] = SubFilter;

        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                FillRow(pixels, y, width, height, transparent, seed);
                ApplySubFilter(pixels, scanline.AsSpan(1), channels);
                zlib.Write(scanline);
            }
        }

        return output.ToArray();
    }

    private static void FillRow(Span<byte> row, int y, int width, int height, bool transparent, int seed)
    {
        var channels = transparent ? 4 : 3;
        var green = (byte)((y * 255 / Math.Max(1, height - 1)) + (seed * 131));
        for (var x = 0; x < width; x++)
        {
            var pixel = row.Slice(x * channels, channels);
            if (transparent && !InsideInscribedEllipse(x, y, width, height))
            {
                pixel.Clear();
                continue;
            }

            pixel[0] = (byte)((x * 255 / Math.Max(1, width - 1)) + (seed * 67));
            pixel[1] = green;
            pixel[2] = (byte)((((x >> 4) ^ (y >> 4)) & 1) == 0 ? 64 + (seed * 29) : 192 + (seed * 29));
            if (transparent)
            {
                pixel[3] = 255;
            }
        }
    }

    private static bool InsideInscribedEllipse(int x, int y, int width, int height)
    {
        // Pixel centres in doubled coordinates, so the test stays in exact integer arithmetic.
        long dx = (2 * x) + 1 - width;
        long dy = (2 * y) + 1 - height;
        return (dx * dx * height * height) + (dy * dy * width * width) <= (long)width * width * height * height;
    }

    private static void ApplySubFilter(ReadOnlySpan<byte> pixels, Span<byte> filtered, int channels)
    {
        pixels[..channels].CopyTo(filtered);
        for (var index = channels; index < pixels.Length; index++)
        {
            filtered[index] = (byte)(pixels[index] - pixels[index - channels]);
        }
    }
}
