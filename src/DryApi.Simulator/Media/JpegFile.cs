namespace DryApi.Simulator.Media;

/// <summary>
/// Writes baseline JPEG images of any size in uniform mid grey: one component whose blocks carry only a zero DC
/// difference and an end-of-block code, so each 8×8 block costs two bits of entropy-coded data.
/// </summary>
internal static class JpegFile
{
    public const int MaxDimension = 8192;

    private const int StartOfImage = 0xFFD8;
    private const int EndOfImage = 0xFFD9;
    private const int ApplicationJfif = 0xFFE0;
    private const int QuantizationTable = 0xFFDB;
    private const int BaselineFrame = 0xFFC0;
    private const int HuffmanTable = 0xFFC4;
    private const int StartOfScan = 0xFFDA;

    public static byte[] Build(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxDimension);

        var jpeg = new BigEndianBuffer();
        jpeg.WriteUInt16(StartOfImage);
        // JFIF 1.01, no density units, 1:1 pixel aspect, no thumbnail.
        WriteSegment(jpeg, ApplicationJfif, [0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
        WriteSegment(jpeg, QuantizationTable, QuantizationTableZeroWithUnitSteps());
        WriteSegment(jpeg, BaselineFrame, FrameHeader(width, height));
        WriteSegment(jpeg, HuffmanTable, SingleCodeHuffmanTables());
        // One component (id 1) using DC and AC table 0, spectral selection 0–63, no successive approximation.
        WriteSegment(jpeg, StartOfScan, [0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        jpeg.Write(EntropyCodedBlocks(width, height));
        jpeg.WriteUInt16(EndOfImage);
        return jpeg.ToArray();
    }

    private static void WriteSegment(BigEndianBuffer jpeg, int marker, ReadOnlySpan<byte> payload)
    {
        jpeg.WriteUInt16(marker);
        jpeg.WriteUInt16(2 + payload.Length);
        jpeg.Write(payload);
    }

    private static byte[] QuantizationTableZeroWithUnitSteps()
    {
        var table = new byte[65];
        table.AsSpan(1).Fill(1);
        return table;
    }

    private static byte[] FrameHeader(int width, int height) =>
    [
        8, // sample precision
        (byte)(height >> 8), (byte)height,
        (byte)(width >> 8), (byte)width,
        1, // components
        1, 0x11, 0, // component 1, 1×1 sampling, quantization table 0
    ];

    /// <summary>DC table 0 and AC table 0, each with a single one-bit code: DC category 0 and AC end-of-block.</summary>
    private static byte[] SingleCodeHuffmanTables()
    {
        var tables = new byte[2 * 18];
        tables[0] = 0x00; // class DC, id 0
        tables[1] = 1; // one code of length 1
        tables[17] = 0x00; // symbol: DC difference category 0
        tables[18] = 0x10; // class AC, id 0
        tables[19] = 1;
        tables[35] = 0x00; // symbol: end of block
        return tables;
    }

    private static byte[] EntropyCodedBlocks(int width, int height)
    {
        var blocks = (long)((width + 7) / 8) * ((height + 7) / 8);
        var bits = 2 * blocks;
        var data = new byte[(bits + 7) / 8];
        var usedBitsInLastByte = (int)(bits % 8);
        if (usedBitsInLastByte != 0)
        {
            // The scan is padded to a byte boundary with one bits.
            data[^1] = (byte)((1 << (8 - usedBitsInLastByte)) - 1);
        }

        return data;
    }
}
