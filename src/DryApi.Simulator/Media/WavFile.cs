using System.Buffers.Binary;

namespace DryApi.Simulator.Media;

/// <summary>Writes RIFF/WAVE files holding 16-bit mono PCM of a sine tone.</summary>
internal static class WavFile
{
    private const int HeaderSize = 44;
    private const int BytesPerSample = 2;

    public static byte[] Build(double seconds, int sampleRate)
    {
        MediaDuration.Validate(seconds, nameof(seconds));
        PcmSampleRate.Validate(sampleRate);

        var samples = MediaDuration.Samples(seconds, sampleRate);
        var dataSize = checked((int)(samples * BytesPerSample));
        var wav = new byte[HeaderSize + dataSize];
        var span = wav.AsSpan();

        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], wav.Length - 8);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16); // fmt chunk size
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * BytesPerSample); // byte rate
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], BytesPerSample); // block align
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16); // bits per sample
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataSize);

        for (var index = 0L; index < samples; index++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(int)(HeaderSize + (index * BytesPerSample))..], SineTone.At(index, sampleRate));
        }

        return wav;
    }
}
