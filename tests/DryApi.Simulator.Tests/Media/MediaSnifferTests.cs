using DryApi.Client.Media;
using System.Text;
using DryApi.Client.Contract;
using DryApi.Simulator.Media;

namespace DryApi.Simulator.Tests.Media;

public sealed class MediaSnifferTests
{
    private static readonly Dictionary<string, Func<byte[]>> Generators = new(StringComparer.Ordinal)
    {
        ["png"] = () => SampleMedia.Png(8, 8),
        ["png-transparent"] = () => SampleMedia.Png(8, 8, transparent: true),
        ["jpeg"] = SampleMedia.Jpeg,
        ["webp"] = SampleMedia.Webp,
        ["gif"] = SampleMedia.Gif,
        ["bmp"] = SampleMedia.Bmp,
        ["wav"] = () => SampleMedia.Wav(0.5),
        ["mp3"] = () => SampleMedia.Mp3(0.5),
        ["mp3-one-frame"] = () => SampleMedia.Mp3(0.001),
        ["flac"] = () => SampleMedia.Flac(0.5),
        ["ogg"] = () => SampleMedia.Ogg(0.5),
        ["aac"] = () => SampleMedia.Aac(0.5),
        ["mp4"] = () => SampleMedia.Mp4(64, 48, 1),
        ["m4a"] = () => SampleMedia.M4a(0.5),
    };

    public static TheoryData<string> GeneratorNames() => new(Generators.Keys);

    public static TheoryData<string, int> TruncatedMagic() => new()
    {
        { "png", 7 },
        { "jpeg", 2 },
        { "gif", 5 },
        { "bmp", 17 },
        { "webp", 11 },
        { "wav", 11 },
        { "ogg", 4 },
        { "flac", 3 },
        { "mp3", 3 },
        { "aac", 6 },
        { "mp4", 11 },
        { "m4a", 11 },
    };

    [Theory]
    [MemberData(nameof(GeneratorNames))]
    public void GeneratedFilesAreDetectedAsTheirOwnFormat(string name)
    {
        var expected = name.Split('-')[0];

        Assert.Equal(expected, MediaSniffer.Detect(Generators[name]()));
    }

    [Theory]
    [MemberData(nameof(TruncatedMagic))]
    public void TruncatedMagicIsNotDetected(string name, int length) =>
        Assert.Null(MediaSniffer.Detect(Generators[name]().AsSpan(0, length)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomBytesAreNotDetected(int seed)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);

        Assert.Null(MediaSniffer.Detect(bytes));
    }

    [Fact]
    public void EmptyContentIsNotDetected() => Assert.Null(MediaSniffer.Detect([]));

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")]
    [InlineData("\uFEFF  \n<svg></svg>")]
    [InlineData("<?xml version=\"1.0\"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg/>")]
    public void SvgTextIsDetected(string text) => Assert.Equal("svg", MediaSniffer.Detect(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><rss></rss>")]
    [InlineData("<!DOCTYPE html><html><body><svg></svg></body></html>")]
    [InlineData("plain text")]
    public void TextThatIsNotSvgIsNotDetected(string text) => Assert.Null(MediaSniffer.Detect(Encoding.UTF8.GetBytes(text)));

    [Theory]
    [InlineData("1A45DFA3 9F 4286 81 01 42F7 81 01 4282 84 7765626D 4287 81 04", "webm")]
    [InlineData("1A45DFA3 A3 4286 81 01 42F7 81 01 4282 88 6D6174726F736B61 4287 81 04", null)]
    [InlineData("000001BA 4400040004 01 0189C3 F8", "mpeg")]
    [InlineData("000001B3 1400F0 13 FFFFE0 18", "mpeg")]
    [InlineData("52494646 24000000 41564920 4C495354", "avi")]
    [InlineData("52494646 24000000 57415645", "wav")]
    [InlineData("52494646 24000000 41424344", null)]
    [InlineData("3026B2758E66CF11A6D900AA0062CE6C 0000000000000000", "wmv")]
    [InlineData("00000014 66747970 71742020 00000200 71742020", "mov")]
    [InlineData("0000001C 66747970 4D344220 00000000 4D344220 6D703432 69736F6D", "m4a")]
    [InlineData("00000018 66747970 6D703432 00000000 6D703432 69736F6D", "mp4")]
    [InlineData("0000001C 66747970 61766966 00000000 61766966 6D696631 6D696166", null)]
    [InlineData("00000018 66747970 33677034 00000200 33677034 69736F6D", null)]
    [InlineData("4F676753 00 02", "ogg")]
    [InlineData("FFF1 5080 02 1F FC", "aac")]
    [InlineData("424D 00000000 0000 0000 36000000 FF000000", null)]
    public void ContainerHeadersAreDetected(string hex, string? expected) =>
        Assert.Equal(expected, MediaSniffer.Detect(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))));

    [Fact]
    public void Id3TagIsSkippedToFindTheAudioBehindIt()
    {
        byte[] tag = [0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0A, .. new byte[10]];

        Assert.Equal("mp3", MediaSniffer.Detect([.. tag, .. SampleMedia.Mp3(0.1)]));
        Assert.Equal("flac", MediaSniffer.Detect([.. tag, .. SampleMedia.Flac(0.1)]));
        Assert.Equal("aac", MediaSniffer.Detect([.. tag, .. SampleMedia.Aac(0.1)]));
        Assert.Equal("mp3", MediaSniffer.Detect(tag));
        Assert.Null(MediaSniffer.Detect(tag.AsSpan(0, 9)));
    }

    [Fact]
    public void MpegAudioSyncWithoutAFollowingFrameIsNotDetected()
    {
        var mp3 = SampleMedia.Mp3(0.1);
        Assert.Equal("mp3", MediaSniffer.Detect(mp3));

        mp3[Mp3File.FrameLength] = 0x00;

        Assert.Null(MediaSniffer.Detect(mp3));
    }

    [Fact]
    public void GenericBrandMp4WithOnlySoundTracksIsM4a()
    {
        var audio = SampleMedia.M4a(0.5);
        Encoding.ASCII.GetBytes("mp42").CopyTo(audio, 8);
        var video = SampleMedia.Mp4(32, 32, 0.5);
        Encoding.ASCII.GetBytes("mp42").CopyTo(video, 8);

        Assert.Equal("m4a", MediaSniffer.Detect(audio));
        Assert.Equal("mp4", MediaSniffer.Detect(video));
    }

    [Theory]
    [InlineData("jpeg", "jpg", true)]
    [InlineData("jpeg", "jpeg", true)]
    [InlineData("jpeg", ".JPG", true)]
    [InlineData("jpeg", "png", false)]
    [InlineData("png", "PNG", true)]
    [InlineData("mov", "mov", true)]
    [InlineData("mov", "mp4", false)]
    [InlineData("mp4", "mov", false)]
    [InlineData("m4a", "m4a", true)]
    [InlineData("mp4", "m4a", false)]
    [InlineData("mpeg", "mpg", true)]
    [InlineData("mp3", "mpeg", false)]
    [InlineData("ogg", "ogg", true)]
    public void MatchesComparesDetectedFormatsWithAllowedExtensions(string detected, string allowedExtension, bool expected) =>
        Assert.Equal(expected, MediaSniffer.Matches(detected, allowedExtension));

    [Fact]
    public void EveryAllowedUploadExtensionOfTheContractAcceptsSomeDetectableFormat()
    {
        var detectable = new[] { "png", "jpeg", "gif", "bmp", "webp", "svg", "mp3", "wav", "ogg", "flac", "aac", "m4a", "mp4", "mov", "webm", "mpeg", "avi", "wmv" };
        var allowed = DryApiOperations.All
            .SelectMany(operation => operation.Contract.Fields)
            .Where(field => field.File is not null)
            .SelectMany(field => field.File!.Formats)
            .Distinct(StringComparer.Ordinal);

        Assert.All(allowed, extension => Assert.Contains(detectable, format => MediaSniffer.Matches(format, extension)));
    }
}
