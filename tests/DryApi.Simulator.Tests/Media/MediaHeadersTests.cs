using System.Buffers.Binary;
using DryApi.Client.Media;
using DryApi.Simulator.Media;

namespace DryApi.Simulator.Tests.Media;

/// <summary>The header readers against real files, and against files that only start like one (issue 13, finding 13).</summary>
public sealed class MediaHeadersTests
{
    public static TheoryData<string, int?, int?, double?> RealFiles() => new()
    {
        { "png", 64, 48, null },
        { "jpeg", 16, 16, null },
        { "gif", 1, 1, null },
        { "bmp", 16, 16, null },
        { "webp", 1, 1, null },
        { "wav", null, null, 0.5 },
        { "mp3", null, null, 21 * 1152 / 48000.0 },
        { "flac", null, null, 0.5 },
        { "ogg", null, null, 0.5 },
        { "aac", null, null, 12 * 1024 / 24000.0 },
        { "mp4", 64, 48, 24 * 1024 / 24000.0 }, // the movie lasts as long as its longest track, here the AAC one in whole frames
        { "m4a", null, null, 12 * 1024 / 24000.0 },
        { "webm", null, null, 2.5 },
        { "avi", 320, 240, 2 },
        { "wmv", null, null, 3.5 },
        { "mpeg", 320, 240, null },
    };

    /// <summary>How much of each real file is kept, so that it is still detected as its format, before junk follows.</summary>
    public static TheoryData<string, int> SignatureThenJunk() => new()
    {
        { "png", 8 },
        { "png", 33 }, // a whole IHDR chunk, then junk instead of image data and IEND
        { "jpeg", 3 },
        { "gif", 6 },
        { "bmp", 18 },
        { "webp", 12 },
        { "wav", 12 },
        { "mp3", 20 }, // an ID3 tag: the sniffer needs two frames in a row otherwise
        { "flac", 4 },
        { "ogg", 5 },
        { "mp4", 12 },
        { "m4a", 12 },
        { "webm", 28 }, // the EBML header and a Segment, then junk where its elements should be
        { "webm", 40 }, // the Segment Info cut off after its first element
        { "avi", 12 },
        { "wmv", 16 },
        { "mpeg", 4 },
    };

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void RealFilesGiveTheirSizeAndLength(string format, int? width, int? height, double? seconds)
    {
        var header = MediaHeaders.Read(format, File(format));

        Assert.NotNull(header);
        Assert.Equal(width, header.Width);
        Assert.Equal(height, header.Height);
        Assert.Equal(seconds is null, header.Seconds is null);
        if (seconds is { } expected)
        {
            Assert.Equal(expected, header.Seconds!.Value, 3);
        }
    }

    [Theory]
    [MemberData(nameof(SignatureThenJunk))]
    public void JunkAfterAValidSignatureIsRefused(string format, int kept)
    {
        var junk = new byte[4096];
        new Random(13).NextBytes(junk);
        byte[] file = [.. File(format).AsSpan(0, kept), .. junk];

        Assert.Equal(format, MediaSniffer.Detect(file));
        Assert.Null(MediaHeaders.Read(format, file));
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void CorruptedOrCutFilesNeverThrow(string format, int? width, int? height, double? seconds)
    {
        _ = (width, height, seconds);
        var original = File(format);
        var random = new Random(13);
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            var file = original.AsSpan(0, random.Next(original.Length + 1)).ToArray();
            for (var flips = random.Next(1, 8); flips > 0 && file.Length > 0; flips--)
            {
                file[random.Next(file.Length)] = (byte)random.Next(256);
            }

            _ = MediaHeaders.Read(format, file);
        }
    }

    [Fact]
    public void APngCutShortIsRefused()
    {
        var png = SampleMedia.Png(64, 64);

        Assert.Null(MediaHeaders.Read("png", png.AsSpan(0, png.Length / 2)));
    }

    [Fact]
    public void APngHeaderClaimingAHugeSizeButFollowedByJunkIsRefused()
    {
        // The finding's file: a PNG signature and IHDR claiming 2147483647×2147483647, then anything.
        var png = SampleMedia.Png(8, 8).AsSpan(0, 33).ToArray();
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), int.MaxValue);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), int.MaxValue);

        Assert.Null(MediaHeaders.Read("png", [.. png, .. new byte[64]]));
    }

    [Fact]
    public void SvgHasNoPixelSizeAndPasses() =>
        Assert.Equal(new MediaHeader(), MediaHeaders.Read("svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8));

    private static byte[] File(string format) => format switch
    {
        "png" => SampleMedia.Png(64, 48),
        "jpeg" => SampleMedia.Jpeg(),
        "gif" => SampleMedia.Gif(),
        "bmp" => SampleMedia.Bmp(),
        "webp" => SampleMedia.Webp(),
        "wav" => SampleMedia.Wav(0.5),
        "mp3" => [0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0A, .. new byte[10], .. SampleMedia.Mp3(0.5)],
        "flac" => SampleMedia.Flac(0.5),
        "ogg" => SampleMedia.Ogg(0.5),
        "aac" => SampleMedia.Aac(0.5),
        "mp4" => SampleMedia.Mp4(64, 48, 1),
        "m4a" => SampleMedia.M4a(0.5),
        "webm" => Webm(2500),
        "avi" => Avi(microsecondsPerFrame: 40_000, frames: 50, 320, 240),
        "wmv" => Asf(playDuration: 40_000_000, prerollMilliseconds: 500),
        "mpeg" => Convert.FromHexString("000001BA440004000401" + "0189C3F8" + "000001B3" + "1400F013" + "FFFFE018"),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>An EBML header (webm), then a Segment of unknown size, as live recorders write it, whose Info gives the duration in milliseconds.</summary>
    private static byte[] Webm(double milliseconds)
    {
        var duration = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(duration, milliseconds);
        byte[] header = [0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, .. "webm"u8];
        byte[] info = [0x2A, 0xD7, 0xB1, 0x83, 0x0F, 0x42, 0x40, 0x44, 0x89, 0x88, .. duration];
        return
        [
            0x1A, 0x45, 0xDF, 0xA3, (byte)(0x80 | header.Length), .. header,
            0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0x15, 0x49, 0xA9, 0x66, (byte)(0x80 | info.Length), .. info,
        ];
    }

    private static byte[] Avi(int microsecondsPerFrame, int frames, int width, int height)
    {
        var avi = new byte[88];
        "RIFF"u8.CopyTo(avi);
        BinaryPrimitives.WriteInt32LittleEndian(avi.AsSpan(4), avi.Length - 8);
        "AVI LIST"u8.CopyTo(avi.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(avi.AsSpan(16), 4 + 8 + 56);
        "hdrlavih"u8.CopyTo(avi.AsSpan(20));
        BinaryPrimitives.WriteInt32LittleEndian(avi.AsSpan(28), 56);
        BinaryPrimitives.WriteInt32LittleEndian(avi.AsSpan(32), microsecondsPerFrame);
        BinaryPrimitives.WriteInt32LittleEndian(avi.AsSpan(48), frames);
        BinaryPrimitives.WriteInt32LittleEndian(avi.AsSpan(56), 1); // streams
        BinaryPrimitives.WriteInt32LittleEndian(avi.AsSpan(64), width);
        BinaryPrimitives.WriteInt32LittleEndian(avi.AsSpan(68), height);
        return avi;
    }

    /// <summary>An ASF header object holding one File Properties object.</summary>
    private static byte[] Asf(long playDuration, long prerollMilliseconds)
    {
        var asf = new byte[30 + 104];
        Convert.FromHexString("3026B2758E66CF11A6D900AA0062CE6C").CopyTo(asf, 0);
        BinaryPrimitives.WriteInt64LittleEndian(asf.AsSpan(16), asf.Length);
        BinaryPrimitives.WriteInt32LittleEndian(asf.AsSpan(24), 1);
        (asf[28], asf[29]) = (0x01, 0x02);
        var properties = asf.AsSpan(30);
        Convert.FromHexString("A1DCAB8C47A9CF118EE400C00C205365").CopyTo(properties);
        BinaryPrimitives.WriteInt64LittleEndian(properties[16..], 104);
        BinaryPrimitives.WriteInt64LittleEndian(properties[64..], playDuration);
        BinaryPrimitives.WriteInt64LittleEndian(properties[80..], prerollMilliseconds);
        return asf;
    }
}
