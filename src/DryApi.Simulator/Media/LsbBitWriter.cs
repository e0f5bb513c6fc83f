namespace DryApi.Simulator.Media;

/// <summary>Packs bit fields least-significant bit first, as the WebP lossless (VP8L) bitstream stores them.</summary>
internal sealed class LsbBitWriter
{
    private readonly List<byte> _bytes = [];
    private int _bitCount;

    public void Write(int value, int bitCount)
    {
        for (var bit = 0; bit < bitCount; bit++)
        {
            if (_bitCount % 8 == 0)
            {
                _bytes.Add(0);
            }

            if (((value >> bit) & 1) != 0)
            {
                _bytes[^1] |= (byte)(1 << (_bitCount % 8));
            }

            _bitCount++;
        }
    }

    public byte[] ToArray() => [.. _bytes];
}
