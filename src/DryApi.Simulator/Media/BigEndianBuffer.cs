using System.Buffers.Binary;
using System.Text;

namespace DryApi.Simulator.Media;

/// <summary>A growable byte buffer that appends big-endian integers, the byte order of PNG, JPEG, FLAC and ISO BMFF.</summary>
internal sealed class BigEndianBuffer
{
    private byte[] _bytes = new byte[1024];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void WriteByte(int value) => Append(1)[0] = (byte)value;

    public void WriteUInt16(int value) => BinaryPrimitives.WriteUInt16BigEndian(Append(2), (ushort)value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Append(4), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Append(8), value);

    public void WriteZeros(int count) => Append(count).Clear();

    public void WriteAscii(string text) => Encoding.ASCII.GetBytes(text, Append(text.Length));

    public void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Append(bytes.Length));

    public void PatchUInt32(int position, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(_bytes.AsSpan(position, 4), value);

    public byte[] ToArray() => Written.ToArray();

    private Span<byte> Append(int count)
    {
        if (Length + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        }

        var span = _bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
