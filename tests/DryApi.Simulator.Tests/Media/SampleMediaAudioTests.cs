using System.Buffers.Binary;
using System.Text;
using DryApi.Simulator.Media;

namespace DryApi.Simulator.Tests.Media;

public sealed class SampleMediaAudioTests
{
    // MPEG-1 Layer III bit rates (kbit/s) by index, and MPEG-1 sample rates by index.
    private static readonly int[] Mpeg1Layer3BitRates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg1SampleRates = [44100, 48000, 32000];

    [Theory]
    [InlineData(1.5, 24000)]
    [InlineData(0.25, 44100)]
    [InlineData(2.0, 8000)]
    public void WavSizesMatchTheSampleCount(double seconds, int sampleRate)
    {
        var wav = SampleMedia.Wav(seconds, sampleRate);

        var samples = (int)Math.Round(seconds * sampleRate);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(wav.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(4)));
        Assert.Equal("WAVEfmt ", Encoding.ASCII.GetString(wav, 8, 8));
        Assert.Equal(16, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20))); // PCM
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22))); // mono
        Assert.Equal(sampleRate, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(sampleRate * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(28)));
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(32)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal("data", Encoding.ASCII.GetString(wav, 36, 4));
        Assert.Equal(samples * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        Assert.Equal(44 + (samples * 2), wav.Length);
        Assert.Contains(wav.Skip(44), value => value != 0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(601.0)]
    public void AudioRejectsDurationsOutOfRange(double seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Wav(seconds));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Mp3(seconds));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Flac(seconds));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Ogg(seconds));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Aac(seconds));
    }

    [Theory]
    [InlineData(7999)]
    [InlineData(192001)]
    public void PcmAudioRejectsSampleRatesOutOfRange(int sampleRate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Wav(1, sampleRate));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleMedia.Flac(1, sampleRate));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.01)]
    [InlineData(10.0)]
    public void Mp3FramesChainByTheirComputedLengthToTheEnd(double seconds)
    {
        var mp3 = SampleMedia.Mp3(seconds);

        var offset = 0;
        var frames = 0;
        var sampleRate = 0;
        while (offset < mp3.Length)
        {
            Assert.True(mp3.Length - offset >= 4, $"Frame {frames} header is cut off.");
            Assert.Equal(0xFF, mp3[offset]);
            Assert.Equal(0xFA, mp3[offset + 1] & 0xFE); // sync, MPEG-1, Layer III
            var bitRate = Mpeg1Layer3BitRates[mp3[offset + 2] >> 4] * 1000;
            sampleRate = Mpeg1SampleRates[(mp3[offset + 2] >> 2) & 0x3];
            var padding = (mp3[offset + 2] >> 1) & 1;
            Assert.NotEqual(0, bitRate);
            offset += (144 * bitRate / sampleRate) + padding;
            frames++;
        }

        Assert.Equal(mp3.Length, offset);
        var duration = frames * 1152.0 / sampleRate;
        Assert.InRange(duration, seconds, seconds + (1152.0 / sampleRate));
    }

    [Theory]
    [InlineData(1.3, 24000)]
    [InlineData(0.5, 11025)]
    [InlineData(0.0001, 8000)]
    [InlineData(3.0, 44100)]
    [InlineData(3.0, 192000)]
    public void FlacStreamInfoAndFramesAgreeAndEveryChecksumVerifies(double seconds, int sampleRate)
    {
        var flac = SampleMedia.Flac(seconds, sampleRate);

        Assert.Equal("fLaC", Encoding.ASCII.GetString(flac, 0, 4));
        Assert.Equal(0x80, flac[4]); // last metadata block, STREAMINFO
        Assert.Equal(34, (flac[5] << 16) | (flac[6] << 8) | flac[7]);
        var info = flac.AsSpan(8, 34);
        var maxBlockSize = BinaryPrimitives.ReadUInt16BigEndian(info[2..]);
        var minFrameSize = (info[4] << 16) | (info[5] << 8) | info[6];
        var maxFrameSize = (info[7] << 16) | (info[8] << 8) | info[9];
        var packed = BinaryPrimitives.ReadUInt64BigEndian(info[10..]);
        Assert.Equal(sampleRate, (int)(packed >> 44));
        Assert.Equal(1, (int)((packed >> 41) & 0x7) + 1);
        Assert.Equal(16, (int)((packed >> 36) & 0x1F) + 1);
        var totalSamples = (long)(packed & 0xFFFFFFFFFUL);
        Assert.Equal(Math.Max(1, (long)Math.Round(seconds * sampleRate)), totalSamples);

        var offset = 8 + 34;
        var frameNumber = 0L;
        var decodedSamples = 0L;
        while (offset < flac.Length)
        {
            var frameLength = CheckFlacFrame(flac.AsSpan(offset), frameNumber, out var blockSize);
            Assert.InRange(blockSize, 1, maxBlockSize);
            Assert.InRange(frameLength, minFrameSize, maxFrameSize);
            decodedSamples += blockSize;
            offset += frameLength;
            frameNumber++;
        }

        Assert.Equal(flac.Length, offset);
        Assert.Equal(totalSamples, decodedSamples);
    }

    [Theory]
    [InlineData(6.3)]
    [InlineData(0.02)]
    [InlineData(12.0)]
    public void OggPagesVerifyAndTheLastGranuleGivesTheDuration(double seconds)
    {
        var ogg = SampleMedia.Ogg(seconds);

        var offset = 0;
        var sequence = 0u;
        var packets = new List<byte[]>();
        var partialPacket = new List<byte>();
        long lastGranule = 0;
        uint? serial = null;
        while (offset < ogg.Length)
        {
            var page = ogg.AsSpan(offset);
            Assert.Equal("OggS", Encoding.ASCII.GetString(page[..4]));
            Assert.Equal(0, page[4]);
            var headerType = page[5];
            var segments = page[26];
            var pageLength = 27 + segments;
            for (var index = 0; index < segments; index++)
            {
                pageLength += page[27 + index];
            }

            var isLast = offset + pageLength == ogg.Length;
            Assert.Equal((sequence == 0 ? 0x02 : 0) | (isLast ? 0x04 : 0), headerType);
            Assert.Equal(sequence, BinaryPrimitives.ReadUInt32LittleEndian(page[18..]));
            serial ??= BinaryPrimitives.ReadUInt32LittleEndian(page[14..]);
            Assert.Equal(serial, BinaryPrimitives.ReadUInt32LittleEndian(page[14..]));
            var withoutCrc = page[..pageLength].ToArray();
            withoutCrc.AsSpan(22, 4).Clear();
            Assert.Equal(ReferenceChecksums.OggCrc32(withoutCrc), BinaryPrimitives.ReadUInt32LittleEndian(page[22..]));

            var data = 27 + segments;
            for (var index = 0; index < segments; index++)
            {
                var lacing = page[27 + index];
                partialPacket.AddRange(page.Slice(data, lacing).ToArray());
                data += lacing;
                if (lacing < 255)
                {
                    packets.Add([.. partialPacket]);
                    partialPacket.Clear();
                }
            }

            lastGranule = BinaryPrimitives.ReadInt64LittleEndian(page[6..]);
            offset += pageLength;
            sequence++;
        }

        Assert.Equal(ogg.Length, offset);
        Assert.Empty(partialPacket);
        Assert.Equal("OpusHead", Encoding.ASCII.GetString(packets[0], 0, 8));
        Assert.Equal(1, packets[0][9]); // channels
        var preSkip = BinaryPrimitives.ReadUInt16LittleEndian(packets[0].AsSpan(10));
        Assert.Equal("OpusTags", Encoding.ASCII.GetString(packets[1], 0, 8));
        var audioPackets = packets.Count - 2;
        Assert.Equal((long)Math.Round(seconds * 48000), lastGranule - preSkip);
        Assert.InRange(lastGranule, ((audioPackets - 1) * 960L) + 1, audioPackets * 960L);
    }

    [Theory]
    [InlineData(1.2)]
    [InlineData(0.01)]
    public void AacAdtsFramesChainByTheirLengthField(double seconds)
    {
        var aac = SampleMedia.Aac(seconds);

        var offset = 0;
        var frames = 0;
        while (offset < aac.Length)
        {
            Assert.Equal(0xFF, aac[offset]);
            Assert.Equal(0xF0, aac[offset + 1] & 0xF6);
            Assert.Equal(6, (aac[offset + 2] >> 2) & 0xF); // 24 kHz
            offset += ((aac[offset + 3] & 0x3) << 11) | (aac[offset + 4] << 3) | (aac[offset + 5] >> 5);
            frames++;
        }

        Assert.Equal(aac.Length, offset);
        Assert.InRange(frames * 1024.0 / 24000, seconds, seconds + (1024.0 / 24000));
    }

    /// <summary>Checks one FLAC frame (16-bit mono, VERBATIM subframe) and returns its length in bytes.</summary>
    private static int CheckFlacFrame(ReadOnlySpan<byte> frame, long expectedNumber, out int blockSize)
    {
        Assert.Equal(0xFFF8, BinaryPrimitives.ReadUInt16BigEndian(frame));
        var blockSizeCode = frame[2] >> 4;
        var sampleRateCode = frame[2] & 0xF;
        Assert.Equal(0x08, frame[3]); // mono, 16 bits
        var offset = 4;
        var number = ReadCodedNumber(frame, ref offset);
        Assert.Equal(expectedNumber, number);
        switch (blockSizeCode)
        {
            case 6:
                blockSize = frame[offset] + 1;
                offset += 1;
                break;
            case 7:
                blockSize = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]) + 1;
                offset += 2;
                break;
            case >= 8:
                blockSize = 256 << (blockSizeCode - 8);
                break;
            default:
                throw new InvalidDataException($"Unexpected block size code {blockSizeCode}.");
        }

        offset += sampleRateCode switch
        {
            12 => 1,
            13 or 14 => 2,
            _ => 0,
        };
        Assert.Equal(ReferenceChecksums.FlacCrc8(frame[..offset]), frame[offset]);
        offset++;
        Assert.Equal(0x02, frame[offset]); // VERBATIM subframe, no wasted bits
        offset += 1 + (2 * blockSize);
        Assert.Equal(ReferenceChecksums.FlacCrc16(frame[..offset]), BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]));
        return offset + 2;
    }

    private static long ReadCodedNumber(ReadOnlySpan<byte> frame, ref int offset)
    {
        var lead = frame[offset++];
        var continuation = lead < 0x80 ? 0 : int.LeadingZeroCount(~(lead << 24)) - 1;
        long value = lead & (continuation == 0 ? 0x7F : 0x3F >> continuation);
        for (var index = 0; index < continuation; index++)
        {
            Assert.Equal(0x80, frame[offset] & 0xC0);
            value = (value << 6) | (uint)(frame[offset++] & 0x3F);
        }

        return value;
    }
}
