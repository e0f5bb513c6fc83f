namespace DryApi.Client.Media;

/// <summary>Parses MPEG-1/2/2.5 audio (Layer I–III) frame headers.</summary>
internal static class MpegAudioFrame
{
    // Bit rates in kbit/s by bit-rate index 1–14.
    private static readonly int[] Mpeg1Layer1 = [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];
    private static readonly int[] Mpeg1Layer2 = [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
    private static readonly int[] Mpeg1Layer3 = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg2Layer1 = [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
    private static readonly int[] Mpeg2Layer2And3 = [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

    private static readonly int[] Mpeg1SampleRates = [44100, 48000, 32000];

    /// <summary>The byte length of the frame whose header starts <paramref name="header"/>, or 0 if it is not a valid header.</summary>
    public static int Length(ReadOnlySpan<byte> header) => Read(header)?.Length ?? 0;

    /// <summary>The frame whose header starts <paramref name="header"/>, or null if it is not a valid header.</summary>
    public static Frame? Read(ReadOnlySpan<byte> header)
    {
        if (header.Length < 4 || header[0] != 0xFF || (header[1] & 0xE0) != 0xE0)
        {
            return null;
        }

        var version = (header[1] >> 3) & 0x3; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
        var layer = 4 - ((header[1] >> 1) & 0x3); // 4 means the reserved value 00
        var bitRateIndex = header[2] >> 4;
        var sampleRateIndex = (header[2] >> 2) & 0x3;
        var padding = (header[2] >> 1) & 0x1;
        if (version == 1 || layer == 4 || bitRateIndex is 0 or 15 || sampleRateIndex == 3)
        {
            return null;
        }

        var isMpeg1 = version == 3;
        var bitRates = (isMpeg1, layer) switch
        {
            (true, 1) => Mpeg1Layer1,
            (true, 2) => Mpeg1Layer2,
            (true, _) => Mpeg1Layer3,
            (false, 1) => Mpeg2Layer1,
            _ => Mpeg2Layer2And3,
        };
        var bitRate = bitRates[bitRateIndex - 1] * 1000;
        var sampleRate = Mpeg1SampleRates[sampleRateIndex] >> (isMpeg1 ? 0 : version == 2 ? 1 : 2);

        return layer switch
        {
            1 => new Frame((((12 * bitRate) / sampleRate) + padding) * 4, 384, sampleRate),
            3 when !isMpeg1 => new Frame(((72 * bitRate) / sampleRate) + padding, 576, sampleRate),
            _ => new Frame(((144 * bitRate) / sampleRate) + padding, 1152, sampleRate),
        };
    }

    /// <summary>A frame's length in bytes, the samples it decodes to per channel, and their rate.</summary>
    public readonly record struct Frame(int Length, int Samples, int SampleRate);
}
