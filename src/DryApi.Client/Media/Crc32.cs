namespace DryApi.Client.Media;

/// <summary>The CRC-32 of ISO 3309 (reflected polynomial 0xEDB88320) that PNG chunks carry.</summary>
internal static class Crc32
{
    public static uint Of(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in bytes)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
