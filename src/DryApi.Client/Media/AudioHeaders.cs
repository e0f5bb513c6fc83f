using System.Buffers.Binary;

namespace DryApi.Client.Media;

/// <summary>Reads and checks the headers of WAV, MP3, AAC (ADTS) and FLAC audio, with their length.</summary>
internal static class AudioHeaders
{
    private const int AdtsSamplesPerBlock = 1024;

    private static readonly int[] AdtsSampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>WAV: a <c>fmt </c> chunk with positive rates, then a <c>data</c> chunk, whose size over the byte rate is the length.</summary>
    public static MediaHeader? Wav(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 12)
        {
            return null;
        }

        var chunks = wav[12..];
        uint? bytesPerSecond = null;
        while (chunks.Length >= 8)
        {
            var id = chunks[..4];
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(chunks[4..]);
            if (id.SequenceEqual("data"u8))
            {
                // A recorder that never went back to fill in the size leaves it too large; the bytes present count.
                var dataBytes = Math.Min(declared, (uint)(chunks.Length - 8));
                return bytesPerSecond is { } rate ? new MediaHeader(Seconds: dataBytes / (double)rate) : null;
            }

            if (!RiffChunks.TryRead(chunks, out _, out var body, out chunks))
            {
                return null;
            }

            if (id.SequenceEqual("fmt "u8))
            {
                if (body.Length < 16 || BinaryPrimitives.ReadUInt16LittleEndian(body[2..]) == 0 || BinaryPrimitives.ReadUInt32LittleEndian(body[4..]) == 0
                    || BinaryPrimitives.ReadUInt32LittleEndian(body[8..]) == 0 || BinaryPrimitives.ReadUInt16LittleEndian(body[12..]) == 0)
                {
                    return null;
                }

                bytesPerSecond = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
            }
        }

        return null;
    }

    /// <summary>MP3: after an optional ID3v2 tag, MPEG audio frames one after another; their samples give the length.</summary>
    public static MediaHeader? Mp3(ReadOnlySpan<byte> mp3) =>
        Frames(mp3, static frame => MpegAudioFrame.Read(frame) is { } header ? (header.Length, header.Samples, header.SampleRate) : null);

    /// <summary>AAC: after an optional ID3v2 tag, ADTS frames one after another; their samples give the length.</summary>
    public static MediaHeader? Aac(ReadOnlySpan<byte> aac) => Frames(aac, AdtsFrame);

    /// <summary>FLAC: after an optional ID3v2 tag, the STREAMINFO block, whose sample count over the sample rate is the length.</summary>
    public static MediaHeader? Flac(ReadOnlySpan<byte> flac)
    {
        var start = Id3TagLength(flac);
        if (start < 0 || flac.Length < start + 42 || !flac.Slice(start, 4).SequenceEqual("fLaC"u8))
        {
            return null;
        }

        var block = flac[(start + 4)..];
        var blockLength = (block[1] << 16) | (block[2] << 8) | block[3];
        var info = block[4..];
        var minBlockSize = BinaryPrimitives.ReadUInt16BigEndian(info);
        var maxBlockSize = BinaryPrimitives.ReadUInt16BigEndian(info[2..]);
        var sampleRate = (info[10] << 12) | (info[11] << 4) | (info[12] >> 4);
        var totalSamples = ((long)(info[13] & 0x0F) << 32) | BinaryPrimitives.ReadUInt32BigEndian(info[14..]);
        if ((block[0] & 0x7F) != 0 || blockLength != 34 || minBlockSize < 16 || maxBlockSize < minBlockSize || sampleRate == 0)
        {
            return null;
        }

        return new MediaHeader(Seconds: totalSamples > 0 ? totalSamples / (double)sampleRate : null);
    }

    /// <summary>The length of an ID3v2 tag at the start (0 when there is none), or -1 when the tag's header is broken.</summary>
    public static int Id3TagLength(ReadOnlySpan<byte> content)
    {
        if (!content.StartsWith("ID3"u8))
        {
            return 0;
        }

        if (content.Length < 10 || content[3] is < 2 or > 4 || ((content[6] | content[7] | content[8] | content[9]) & 0x80) != 0)
        {
            return -1;
        }

        var hasFooter = (content[5] & 0x10) != 0;
        return 10 + ((content[6] << 21) | (content[7] << 14) | (content[8] << 7) | content[9]) + (hasFooter ? 10 : 0);
    }

    /// <summary>
    /// A stream of self-delimiting frames after an optional ID3v2 tag (and the zero padding some taggers leave): the first
    /// frame must be whole and valid, and so must the next where the first one ends (or start validly and be cut short);
    /// the whole frames read in a row give the length. Trailing tags (ID3v1, APE) end the count.
    /// </summary>
    private static MediaHeader? Frames(ReadOnlySpan<byte> content, FrameReader read)
    {
        var position = Id3TagLength(content);
        if (position < 0)
        {
            return null;
        }

        while (position < content.Length && content[position] == 0)
        {
            position++;
        }

        var (frames, samples, sampleRate, endsInCutFrame) = (0, 0L, 0, false);
        while (position < content.Length && read(content[position..]) is { } frame)
        {
            if (frame.Length > content.Length - position)
            {
                endsInCutFrame = true;
                break;
            }

            (frames, samples, sampleRate) = (frames + 1, samples + frame.Samples, frame.SampleRate);
            position += frame.Length;
        }

        var secondFrameMissing = frames == 1 && position < content.Length && !endsInCutFrame;
        return frames == 0 || secondFrameMissing ? null : new MediaHeader(Seconds: samples / (double)sampleRate);
    }

    private static (int Length, int Samples, int SampleRate)? AdtsFrame(ReadOnlySpan<byte> header)
    {
        // Sync 0xFFF and layer 00; an MPEG audio frame header never has layer 00.
        if (header.Length < 7 || header[0] != 0xFF || (header[1] & 0xF6) != 0xF0)
        {
            return null;
        }

        var samplingIndex = (header[2] >> 2) & 0xF;
        var frameLength = ((header[3] & 0x3) << 11) | (header[4] << 3) | (header[5] >> 5);
        var blocks = (header[6] & 0x3) + 1;
        return samplingIndex < AdtsSampleRates.Length && frameLength >= 7
            ? (frameLength, blocks * AdtsSamplesPerBlock, AdtsSampleRates[samplingIndex])
            : null;
    }

    private delegate (int Length, int Samples, int SampleRate)? FrameReader(ReadOnlySpan<byte> frame);
}
