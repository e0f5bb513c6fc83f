using System.Buffers.Binary;

namespace DryApi.Client.Media;

/// <summary>Walks the chunks of a RIFF file (WAV, WebP, AVI).</summary>
internal static class RiffChunks
{
    /// <summary>One RIFF chunk (four-character code, little-endian size, body padded to an even length).</summary>
    public static bool TryRead(ReadOnlySpan<byte> chunks, out ReadOnlySpan<byte> fourCc, out ReadOnlySpan<byte> body, out ReadOnlySpan<byte> rest)
    {
        fourCc = default;
        body = default;
        rest = default;
        if (chunks.Length < 8)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(chunks[4..]);
        if (size > chunks.Length - 8)
        {
            return false;
        }

        fourCc = chunks[..4];
        body = chunks.Slice(8, (int)size);
        rest = chunks[Math.Min(chunks.Length, 8 + (int)size + (int)(size & 1))..];
        return true;
    }
}
