namespace DryApi.Simulator.Tests.Media;

/// <summary>Bit-by-bit checksum implementations, independent of the table-driven ones under test.</summary>
internal static class ReferenceChecksums
{
    public static uint PngCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in data)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }

    public static uint OggCrc32(ReadOnlySpan<byte> data) => Unreflected(data, 0x04C11DB7u, 32);

    public static uint FlacCrc8(ReadOnlySpan<byte> data) => Unreflected(data, 0x07u, 8);

    public static uint FlacCrc16(ReadOnlySpan<byte> data) => Unreflected(data, 0x8005u, 16);

    private static uint Unreflected(ReadOnlySpan<byte> data, uint polynomial, int width)
    {
        var topBit = 1UL << (width - 1);
        var mask = (1UL << width) - 1;
        var crc = 0UL;
        foreach (var value in data)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var feedback = ((crc & topBit) != 0) ^ (((value >> bit) & 1) != 0);
                crc = ((crc << 1) & mask) ^ (feedback ? polynomial : 0);
            }
        }

        return (uint)crc;
    }
}
