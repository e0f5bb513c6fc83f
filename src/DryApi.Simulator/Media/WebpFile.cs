using System.Buffers.Binary;

namespace DryApi.Simulator.Media;

/// <summary>Writes a 1×1 lossless WebP image (RIFF container with one VP8L chunk) of an opaque orange pixel.</summary>
internal static class WebpFile
{
    private const int Vp8lSignature = 0x2F;
    private const byte Alpha = 255;
    private const byte Red = 255;
    private const byte Green = 128;
    private const byte Blue = 0;

    public static byte[] Build()
    {
        var payload = Vp8lSinglePixel();
        var paddedLength = payload.Length + (payload.Length & 1);
        var webp = new byte[12 + 8 + paddedLength];
        var span = webp.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], webp.Length - 8);
        "WEBP"u8.CopyTo(span[8..]);
        "VP8L"u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], payload.Length);
        payload.CopyTo(span[20..]);
        return webp;
    }

    private static byte[] Vp8lSinglePixel()
    {
        var bits = new LsbBitWriter();
        bits.Write(Vp8lSignature, 8);
        bits.Write(0, 14); // width - 1
        bits.Write(0, 14); // height - 1
        bits.Write(0, 1); // alpha is not used
        bits.Write(0, 3); // version 0
        bits.Write(0, 1); // no transforms
        bits.Write(0, 1); // no colour cache
        bits.Write(0, 1); // no meta prefix codes
        // Each of the five prefix codes has a single symbol, so the pixel itself takes zero bits.
        WriteSingleSymbolCode(bits, Green);
        WriteSingleSymbolCode(bits, Red);
        WriteSingleSymbolCode(bits, Blue);
        WriteSingleSymbolCode(bits, Alpha);
        WriteSingleSymbolCode(bits, 0); // backward-reference distance, never used
        return bits.ToArray();
    }

    private static void WriteSingleSymbolCode(LsbBitWriter bits, byte symbol)
    {
        bits.Write(1, 1); // simple code
        bits.Write(0, 1); // one symbol
        bits.Write(1, 1); // the symbol is stored in 8 bits
        bits.Write(symbol, 8);
    }
}
