namespace DryApi.Simulator.Media;

/// <summary>A constant 1×1 GIF89a image: one white pixel marked transparent.</summary>
internal static class GifFile
{
    private static ReadOnlySpan<byte> TransparentPixel =>
    [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, // "GIF89a"
        0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, // logical screen 1×1, global colour table of 2 entries
        0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, // global colour table: white, black
        0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, // graphic control extension: colour 0 is transparent
        0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, // image descriptor at 0,0, 1×1
        0x02, 0x02, 0x44, 0x01, 0x00, // LZW minimum code size 2; codes clear, 0, end of information
        0x3B, // trailer
    ];

    public static byte[] Build() => TransparentPixel.ToArray();
}
