using DryApi.Client.Media;
using System.Buffers.Binary;
using System.Text;
using DryApi.Simulator.Media;

namespace DryApi.Simulator.Tests.Media;

public sealed class SampleMediaMp4Tests
{
    [Theory]
    [InlineData(320, 240, 3.5)]
    [InlineData(1920, 1080, 10.0)]
    [InlineData(17, 9, 0.2)]
    public void Mp4BoxesNestAndDescribeTheVideo(int width, int height, double seconds)
    {
        var mp4 = SampleMedia.Mp4(width, height, seconds);

        var boxes = IsoBox.ParseAll(mp4, 0, mp4.Length);

        Assert.Equal(["ftyp", "moov", "mdat"], boxes.Select(box => box.Type));
        Assert.Equal("isom", Encoding.ASCII.GetString(boxes[0].Body(mp4)[..4]));
        var moov = boxes[1];
        var (timescale, duration) = MovieHeaderTiming(moov, mp4);
        Assert.Equal(1000u, timescale);
        var tracks = moov.Children.Where(box => box.Type == "trak").ToList();
        Assert.Equal(["vide", "soun"], tracks.Select(track => HandlerType(track, mp4)));

        var video = tracks[0];
        var trackHeader = video.Child("tkhd").Body(mp4);
        Assert.Equal((uint)Math.Round(seconds * 1000), BinaryPrimitives.ReadUInt32BigEndian(trackHeader[20..]));
        Assert.Equal((uint)width << 16, BinaryPrimitives.ReadUInt32BigEndian(trackHeader[76..]));
        Assert.Equal((uint)height << 16, BinaryPrimitives.ReadUInt32BigEndian(trackHeader[80..]));
        var trackDurations = tracks.Select(track => BinaryPrimitives.ReadUInt32BigEndian(track.Child("tkhd").Body(mp4)[20..]));
        Assert.Equal(trackDurations.Max(), duration);

        var frame = Samples(video, mp4, boxes[2]).Single();
        Assert.Equal("jpeg", MediaSniffer.Detect(frame));
        Assert.Equal(height, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(frame.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]) + 5)));
        Assert.Equal(width, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(frame.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]) + 7)));

        var audioSeconds = MediaSeconds(tracks[1], mp4);
        Assert.InRange(audioSeconds, seconds, seconds + (1024.0 / 24000));
        Assert.All(Samples(tracks[1], mp4, boxes[2]), sample => Assert.Equal([0x00, 0x00, 0x00, 0x07], sample));
    }

    [Theory]
    [InlineData(2.5)]
    [InlineData(0.05)]
    public void M4aHoldsOneSoundTrackCoveringTheDuration(double seconds)
    {
        var m4a = SampleMedia.M4a(seconds);

        var boxes = IsoBox.ParseAll(m4a, 0, m4a.Length);

        Assert.Equal(["ftyp", "moov", "mdat"], boxes.Select(box => box.Type));
        Assert.Equal("M4A ", Encoding.ASCII.GetString(boxes[0].Body(m4a)[..4]));
        var track = Assert.Single(boxes[1].Children, box => box.Type == "trak");
        Assert.Equal("soun", HandlerType(track, m4a));
        Assert.InRange(MediaSeconds(track, m4a), seconds, seconds + (1024.0 / 24000));
        var (timescale, duration) = MovieHeaderTiming(boxes[1], m4a);
        Assert.InRange(duration / (double)timescale, seconds, seconds + (1024.0 / 24000) + 0.001);
        var samples = Samples(track, m4a, boxes[2]);
        Assert.Equal(boxes[2].Size - 8, samples.Sum(sample => sample.Length));
    }

    [Fact]
    public void Mp4RejectsInvalidArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Mp4(0, 240, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Mp4(320, 8193, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Mp4(320, 240, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.M4a(double.NaN));
    }

    private static (uint Timescale, uint Duration) MovieHeaderTiming(IsoBox moov, byte[] file)
    {
        var header = moov.Child("mvhd").Body(file);
        Assert.Equal(0, header[0]); // version 0: 32-bit times
        return (BinaryPrimitives.ReadUInt32BigEndian(header[12..]), BinaryPrimitives.ReadUInt32BigEndian(header[16..]));
    }

    private static string HandlerType(IsoBox track, byte[] file) =>
        Encoding.ASCII.GetString(track.Descendant("mdia", "hdlr").Body(file).Slice(8, 4));

    private static double MediaSeconds(IsoBox track, byte[] file)
    {
        var header = track.Descendant("mdia", "mdhd").Body(file);
        return BinaryPrimitives.ReadUInt32BigEndian(header[16..]) / (double)BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }

    /// <summary>The track's samples, located through its single chunk offset and the sample size table; all must lie in <c>mdat</c>.</summary>
    private static List<byte[]> Samples(IsoBox track, byte[] file, IsoBox mdat)
    {
        var table = track.Descendant("mdia", "minf", "stbl");
        var chunkOffsets = table.Child("stco").Body(file);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(chunkOffsets[4..]));
        var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(chunkOffsets[8..]);
        var sizes = table.Child("stsz").Body(file);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(sizes[4..]));
        var count = (int)BinaryPrimitives.ReadUInt32BigEndian(sizes[8..]);
        var timeToSample = table.Child("stts").Body(file);
        Assert.Equal((uint)count, BinaryPrimitives.ReadUInt32BigEndian(timeToSample[8..]));

        var samples = new List<byte[]>();
        for (var index = 0; index < count; index++)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(sizes[(12 + (4 * index))..]);
            Assert.InRange(offset, mdat.BodyOffset, mdat.Offset + mdat.Size - size);
            samples.Add(file.AsSpan(offset, size).ToArray());
            offset += size;
        }

        return samples;
    }
}
