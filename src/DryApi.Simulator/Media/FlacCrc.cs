namespace DryApi.Simulator.Media;

/// <summary>FLAC's frame checksums: CRC-8 (polynomial 0x07) over the frame header, CRC-16 (polynomial 0x8005) over the frame; both unreflected, starting at zero.</summary>
internal static class FlacCrc
{
    private static readonly ushort[] Crc16Table = BuildCrc16Table();

    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        var crc = 0;
        foreach (var value in data)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }

        return (byte)crc;
    }

    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        var crc = 0;
        foreach (var value in data)
        {
            crc = ((crc << 8) ^ Crc16Table[(crc >> 8) ^ value]) & 0xFFFF;
        }

        return (ushort)crc;
    }

    private static ushort[] BuildCrc16Table()
    {
        var table = new ushort[256];
        for (var index = 0; index < 256; index++)
        {
            var entry = index << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 0x8000) != 0 ? ((entry << 1) ^ 0x8005) & 0xFFFF : (entry << 1) & 0xFFFF;
            }

            table[index] = (ushort)entry;
        }

        return table;
    }
}
