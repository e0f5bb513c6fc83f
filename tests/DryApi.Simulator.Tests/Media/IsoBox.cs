using System.Buffers.Binary;
using System.Text;

namespace DryApi.Simulator.Tests.Media;

/// <summary>A parsed ISO BMFF box with its children; parsing fails if any container's children do not fill it exactly.</summary>
internal sealed record IsoBox(string Type, int Offset, int Size, int BodyOffset, IReadOnlyList<IsoBox> Children)
{
    // Bytes of fixed fields before the child boxes of each container type this test suite looks into.
    private static readonly Dictionary<string, int> ChildrenStart = new(StringComparer.Ordinal)
    {
        ["moov"] = 0, ["trak"] = 0, ["mdia"] = 0, ["minf"] = 0, ["dinf"] = 0, ["stbl"] = 0,
        ["dref"] = 8, ["stsd"] = 8, ["mp4v"] = 78, ["mp4a"] = 28,
    };

    public static IReadOnlyList<IsoBox> ParseAll(ReadOnlySpan<byte> file, int start, int end)
    {
        var boxes = new List<IsoBox>();
        var offset = start;
        while (offset < end)
        {
            Assert.True(end - offset >= 8, $"A box header at {offset} is cut off.");
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file[offset..]);
            var type = Encoding.ASCII.GetString(file.Slice(offset + 4, 4));
            Assert.True(size >= 8 && offset + size <= end, $"Box '{type}' at {offset} has size {size}, which overruns its parent ending at {end}.");
            var children = ChildrenStart.TryGetValue(type, out var skip)
                ? ParseAll(file, offset + 8 + skip, offset + size)
                : [];
            boxes.Add(new IsoBox(type, offset, size, offset + 8, children));
            offset += size;
        }

        Assert.Equal(end, offset);
        return boxes;
    }

    public IsoBox Child(string type) => Children.Single(child => child.Type == type);

    public IsoBox Descendant(params string[] path) => path.Aggregate(this, (box, type) => box.Child(type));

    public ReadOnlySpan<byte> Body(byte[] file) => file.AsSpan(BodyOffset, Size - 8);
}
