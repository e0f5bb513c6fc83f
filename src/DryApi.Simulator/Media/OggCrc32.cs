namespace DryApi.Simulator.Media;

/// <summary>The CRC-32 of Ogg pages: polynomial 0x04C11DB7, not reflected, initial value and final XOR zero.</summary>
internal static class OggCrc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0u;
        foreach (var value in data)
        {
            crc = (crc << 8) ^ Table[((crc >> 24) ^ value) & 0xFF];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var index = 0u; index < 256; index++)
        {
            var entry = index << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 0x80000000u) != 0 ? (entry << 1) ^ 0x04C11DB7u : entry << 1;
            }

            table[index] = entry;
        }

        return table;
    }
}
