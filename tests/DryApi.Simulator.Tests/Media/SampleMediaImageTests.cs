using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DryApi.Simulator.Media;

namespace DryApi.Simulator.Tests.Media;

public sealed class SampleMediaImageTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(64, 48, false)]
    [InlineData(33, 17, true)]
    [InlineData(2048, 2048, false)]
    [InlineData(1024, 1536, true)]
    public void PngChunksVerifyAndImageDataInflatesToTheScanlineSize(int width, int height, bool transparent)
    {
        var png = SampleMedia.Png(width, height, transparent, seed: 7);

        var chunks = ReadPngChunks(png);

        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        var header = chunks[0].Data;
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(8, header[8]);
        Assert.Equal(transparent ? 6 : 2, header[9]);
        var channels = transparent ? 4 : 3;
        Assert.Equal(height * (1 + (width * channels)), InflateImageData(chunks).Length);
    }

    [Fact]
    public void TransparentPngHasClearCornersAndAnOpaqueCentre()
    {
        const int Width = 40;
        const int Height = 30;

        var pixels = DecodeRgba(SampleMedia.Png(Width, Height, transparent: true), Width, Height);

        Assert.Equal(0, pixels[3]);
        Assert.Equal(0, pixels[(((Height - 1) * Width) + Width - 1) * 4 + 3]);
        Assert.Equal(255, pixels[((((Height / 2) * Width) + (Width / 2)) * 4) + 3]);
    }

    [Fact]
    public void PngIsDeterministicAndVariesWithTheSeed()
    {
        Assert.Equal(SampleMedia.Png(32, 32, seed: 1), SampleMedia.Png(32, 32, seed: 1));

        var seedOne = InflateImageData(ReadPngChunks(SampleMedia.Png(32, 32, seed: 1)));
        var seedTwo = InflateImageData(ReadPngChunks(SampleMedia.Png(32, 32, seed: 2)));
        Assert.NotEqual(seedOne, seedTwo);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(4097, 10)]
    public void PngRejectsDimensionsOutOfRange(int width, int height) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Png(width, height));

    [Theory]
    [InlineData(16, 16)]
    [InlineData(1, 1)]
    [InlineData(1920, 1080)]
    [InlineData(13, 7)]
    public void JpegSegmentsDeclareTheSizeAndTheScanHoldsTwoBitsPerBlock(int width, int height)
    {
        var jpeg = JpegFile.Build(width, height);

        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        var offset = 2;
        var markers = new List<byte>();
        while (true)
        {
            Assert.Equal(0xFF, jpeg[offset]);
            var marker = jpeg[offset + 1];
            markers.Add(marker);
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
            if (marker == 0xC0)
            {
                Assert.Equal(height, BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 5)));
                Assert.Equal(width, BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 7)));
            }

            offset += 2 + length;
            if (marker == 0xDA)
            {
                break;
            }
        }

        Assert.Equal([0xE0, 0xDB, 0xC0, 0xC4, 0xDA], markers);
        var scan = jpeg.AsSpan(offset, jpeg.Length - 2 - offset);
        var blocks = ((width + 7) / 8) * ((height + 7) / 8);
        Assert.Equal((2 * blocks + 7) / 8, scan.Length);
        Assert.DoesNotContain((byte)0xFF, scan.ToArray());
    }

    [Fact]
    public void GifBlocksRunFromTheScreenDescriptorToTheTrailer()
    {
        var gif = SampleMedia.Gif();

        Assert.Equal("GIF89a", Encoding.ASCII.GetString(gif, 0, 6));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(6)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(gif.AsSpan(8)));
        var offset = 13 + ((gif[10] & 0x80) != 0 ? 3 << ((gif[10] & 0x07) + 1) : 0);
        var images = 0;
        while (gif[offset] != 0x3B)
        {
            switch (gif[offset])
            {
                case 0x21:
                    offset = SkipSubBlocks(gif, offset + 2);
                    break;
                case 0x2C:
                    images++;
                    Assert.Equal(0, gif[offset + 9] & 0x80); // no local colour table
                    offset = SkipSubBlocks(gif, offset + 11);
                    break;
                default:
                    Assert.Fail($"Unexpected GIF block 0x{gif[offset]:X2} at {offset}.");
                    break;
            }
        }

        Assert.Equal(1, images);
        Assert.Equal(gif.Length - 1, offset);
    }

    [Fact]
    public void BmpHeadersDescribeTheFile()
    {
        var bmp = SampleMedia.Bmp();

        Assert.Equal("BM", Encoding.ASCII.GetString(bmp, 0, 2));
        Assert.Equal(bmp.Length, BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(2)));
        var pixelOffset = BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(10));
        Assert.Equal(40, BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(14)));
        var width = BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(18));
        var height = BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(22));
        Assert.Equal(24, BinaryPrimitives.ReadInt16LittleEndian(bmp.AsSpan(28)));
        var stride = ((width * 3) + 3) & ~3;
        Assert.Equal(stride * height, BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(34)));
        Assert.Equal(bmp.Length, pixelOffset + (stride * height));
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(1, 1)]
    public void BmpRowsArePaddedToFourBytes(int width, int height)
    {
        var bmp = BmpFile.Build(width, height);

        Assert.Equal(54 + ((((width * 3) + 3) & ~3) * height), bmp.Length);
    }

    [Fact]
    public void WebpIsOneLosslessChunkOfAOneByOneImage()
    {
        var webp = SampleMedia.Webp();

        Assert.Equal("RIFF", Encoding.ASCII.GetString(webp, 0, 4));
        Assert.Equal(webp.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(webp.AsSpan(4)));
        Assert.Equal("WEBPVP8L", Encoding.ASCII.GetString(webp, 8, 8));
        var chunkSize = BinaryPrimitives.ReadInt32LittleEndian(webp.AsSpan(16));
        Assert.Equal(webp.Length - 20, chunkSize + (chunkSize & 1));
        Assert.Equal(0x2F, webp[20]);
        var header = BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(21));
        Assert.Equal(1u, (header & 0x3FFF) + 1);
        Assert.Equal(1u, ((header >> 14) & 0x3FFF) + 1);
        Assert.Equal(0u, header >> 29); // version
    }

    private static List<(string Type, byte[] Data)> ReadPngChunks(byte[] png)
    {
        Assert.Equal(PngSignature, png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            var type = Encoding.ASCII.GetString(typeAndData[..4]);
            Assert.True(ReferenceChecksums.PngCrc32(typeAndData) == storedCrc, $"Chunk {type} at {offset} has a wrong CRC.");
            chunks.Add((type, typeAndData[4..].ToArray()));
            offset += 12 + length;
        }

        Assert.Equal(png.Length, offset);
        return chunks;
    }

    private static byte[] InflateImageData(List<(string Type, byte[] Data)> chunks)
    {
        using var compressed = new MemoryStream(chunks.Where(chunk => chunk.Type == "IDAT").SelectMany(chunk => chunk.Data).ToArray());
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        zlib.CopyTo(inflated);
        return inflated.ToArray();
    }

    private static byte[] DecodeRgba(byte[] png, int width, int height)
    {
        var scanlines = InflateImageData(ReadPngChunks(png));
        var stride = width * 4;
        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = scanlines[y * (stride + 1)];
            var line = scanlines.AsSpan((y * (stride + 1)) + 1, stride);
            for (var index = 0; index < stride; index++)
            {
                var left = index >= 4 ? pixels[(y * stride) + index - 4] : 0;
                var up = y > 0 ? pixels[((y - 1) * stride) + index] : 0;
                var upLeft = y > 0 && index >= 4 ? pixels[((y - 1) * stride) + index - 4] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter}."),
                };
                pixels[(y * stride) + index] = (byte)(line[index] + predictor);
            }
        }

        return pixels;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var toLeft = Math.Abs(estimate - left);
        var toUp = Math.Abs(estimate - up);
        var toUpLeft = Math.Abs(estimate - upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    private static int SkipSubBlocks(byte[] gif, int offset)
    {
        while (gif[offset] != 0)
        {
            offset += 1 + gif[offset];
        }

        return offset + 1;
    }
}
