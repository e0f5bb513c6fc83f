namespace DryApi.Simulator.Media;

/// <summary>Writes nested ISO BMFF boxes; each box's size is filled in when its scope is disposed.</summary>
internal sealed class IsoBoxWriter
{
    public BigEndianBuffer Buffer { get; } = new();

    public BoxScope Box(string type)
    {
        var start = Buffer.Length;
        Buffer.WriteUInt32(0);
        Buffer.WriteAscii(type);
        return new BoxScope(Buffer, start);
    }

    public BoxScope FullBox(string type, int version, int flags)
    {
        var scope = Box(type);
        Buffer.WriteUInt32((uint)((version << 24) | flags));
        return scope;
    }

    public void EmptyFullBox(string type, int version, int flags) => FullBox(type, version, flags).Dispose();

    internal readonly struct BoxScope(BigEndianBuffer buffer, int start) : IDisposable
    {
        public void Dispose() => buffer.PatchUInt32(start, (uint)(buffer.Length - start));
    }
}
