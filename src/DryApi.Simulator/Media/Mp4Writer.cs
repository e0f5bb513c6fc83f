namespace DryApi.Simulator.Media;

/// <summary>
/// Lays out an ISO BMFF file: <c>ftyp</c>, then <c>moov</c> with one <c>trak</c> per track, then <c>mdat</c> holding
/// each track's samples as a single chunk.
/// </summary>
internal static class Mp4Writer
{
    private const uint MovieTimescale = 1000;
    private const int UndeterminedLanguage = 0x55C4; // "und", packed as three 5-bit letters
    private const uint FixedOne = 0x00010000; // 1.0 in 16.16 fixed point

    private static readonly uint[] UnityMatrix = [FixedOne, 0, 0, 0, FixedOne, 0, 0, 0, 0x40000000];

    public static byte[] Write(string majorBrand, IReadOnlyList<string> compatibleBrands, IReadOnlyList<Mp4Track> tracks)
    {
        var writer = new IsoBoxWriter();
        var file = writer.Buffer;
        using (writer.Box("ftyp"))
        {
            file.WriteAscii(majorBrand);
            file.WriteUInt32(0x200); // minor version
            foreach (var brand in compatibleBrands)
            {
                file.WriteAscii(brand);
            }
        }

        var chunkOffsetPositions = new int[tracks.Count];
        using (writer.Box("moov"))
        {
            WriteMovieHeader(writer, tracks.Max(MovieDuration), nextTrackId: tracks.Count + 1);
            for (var index = 0; index < tracks.Count; index++)
            {
                chunkOffsetPositions[index] = WriteTrack(writer, tracks[index], trackId: index + 1);
            }
        }

        using (writer.Box("mdat"))
        {
            for (var index = 0; index < tracks.Count; index++)
            {
                file.PatchUInt32(chunkOffsetPositions[index], (uint)file.Length);
                foreach (var sample in tracks[index].Samples)
                {
                    file.Write(sample);
                }
            }
        }

        return file.ToArray();
    }

    private static long MovieDuration(Mp4Track track) =>
        ((track.Duration * MovieTimescale) + track.Timescale - 1) / track.Timescale;

    private static void WriteMovieHeader(IsoBoxWriter writer, long duration, int nextTrackId)
    {
        var file = writer.Buffer;
        using (writer.FullBox("mvhd", 0, 0))
        {
            file.WriteUInt32(0); // creation time
            file.WriteUInt32(0); // modification time
            file.WriteUInt32(MovieTimescale);
            file.WriteUInt32((uint)duration);
            file.WriteUInt32(FixedOne); // rate
            file.WriteUInt16(0x0100); // volume 1.0
            file.WriteZeros(2 + 8);
            WriteMatrix(file);
            file.WriteZeros(6 * 4);
            file.WriteUInt32((uint)nextTrackId);
        }
    }

    /// <summary>Writes one <c>trak</c> and returns the position of its chunk offset, to be filled in once <c>mdat</c> is placed.</summary>
    private static int WriteTrack(IsoBoxWriter writer, Mp4Track track, int trackId)
    {
        var file = writer.Buffer;
        var isVideo = track.HandlerType == Mp4Track.Video;
        using var trak = writer.Box("trak");
        using (writer.FullBox("tkhd", 0, 0x3)) // enabled, in movie
        {
            file.WriteUInt32(0); // creation time
            file.WriteUInt32(0); // modification time
            file.WriteUInt32((uint)trackId);
            file.WriteUInt32(0);
            file.WriteUInt32((uint)MovieDuration(track));
            file.WriteZeros(8);
            file.WriteUInt16(0); // layer
            file.WriteUInt16(0); // alternate group
            file.WriteUInt16(isVideo ? 0 : 0x0100); // volume
            file.WriteUInt16(0);
            WriteMatrix(file);
            file.WriteUInt32((uint)track.Width << 16);
            file.WriteUInt32((uint)track.Height << 16);
        }

        using var mdia = writer.Box("mdia");
        using (writer.FullBox("mdhd", 0, 0))
        {
            file.WriteUInt32(0); // creation time
            file.WriteUInt32(0); // modification time
            file.WriteUInt32(track.Timescale);
            file.WriteUInt32((uint)track.Duration);
            file.WriteUInt16(UndeterminedLanguage);
            file.WriteUInt16(0);
        }

        using (writer.FullBox("hdlr", 0, 0))
        {
            file.WriteUInt32(0);
            file.WriteAscii(track.HandlerType);
            file.WriteZeros(12);
            file.WriteAscii(track.HandlerName);
            file.WriteByte(0);
        }

        using var minf = writer.Box("minf");
        if (isVideo)
        {
            using (writer.FullBox("vmhd", 0, 1))
            {
                file.WriteZeros(2 + 6); // graphics mode copy, opcolor
            }
        }
        else
        {
            using (writer.FullBox("smhd", 0, 0))
            {
                file.WriteZeros(4); // balance, reserved
            }
        }

        using (writer.Box("dinf"))
        using (writer.FullBox("dref", 0, 0))
        {
            file.WriteUInt32(1);
            writer.EmptyFullBox("url ", 0, 1); // media data is in this file
        }

        return WriteSampleTable(writer, track);
    }

    private static int WriteSampleTable(IsoBoxWriter writer, Mp4Track track)
    {
        var file = writer.Buffer;
        using var stbl = writer.Box("stbl");
        using (writer.FullBox("stsd", 0, 0))
        {
            file.WriteUInt32(1);
            track.WriteSampleEntry(writer);
        }

        using (writer.FullBox("stts", 0, 0))
        {
            file.WriteUInt32(1);
            file.WriteUInt32((uint)track.Samples.Count);
            file.WriteUInt32(track.SampleDuration);
        }

        using (writer.FullBox("stsc", 0, 0))
        {
            file.WriteUInt32(1);
            file.WriteUInt32(1); // first chunk
            file.WriteUInt32((uint)track.Samples.Count); // samples per chunk
            file.WriteUInt32(1); // sample description index
        }

        using (writer.FullBox("stsz", 0, 0))
        {
            file.WriteUInt32(0); // sizes differ, see the table
            file.WriteUInt32((uint)track.Samples.Count);
            foreach (var sample in track.Samples)
            {
                file.WriteUInt32((uint)sample.Length);
            }
        }

        using (writer.FullBox("stco", 0, 0))
        {
            file.WriteUInt32(1);
            var chunkOffsetPosition = file.Length;
            file.WriteUInt32(0);
            return chunkOffsetPosition;
        }
    }

    private static void WriteMatrix(BigEndianBuffer file)
    {
        foreach (var value in UnityMatrix)
        {
            file.WriteUInt32(value);
        }
    }
}
