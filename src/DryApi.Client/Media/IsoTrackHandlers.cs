namespace DryApi.Client.Media;

/// <summary>Reads the handler types of the tracks in an ISO BMFF file's <c>moov</c> box.</summary>
internal static class IsoTrackHandlers
{
    /// <summary>Whether the file has at least one track and every track is a sound track.</summary>
    public static bool AreAllSound(ReadOnlySpan<byte> file)
    {
        if (!IsoBoxes.TryFind(file, "moov"u8, out var movie))
        {
            return false;
        }

        var tracks = 0;
        while (IsoBoxes.TryRead(ref movie, out var type, out var track))
        {
            if (!type.SequenceEqual("trak"u8))
            {
                continue;
            }

            tracks++;
            if (!IsoBoxes.TryFind(track, "mdia"u8, out var media)
                || !IsoBoxes.TryFind(media, "hdlr"u8, out var handler)
                || handler.Length < 12
                || !handler.Slice(8, 4).SequenceEqual("soun"u8))
            {
                return false;
            }
        }

        return tracks > 0;
    }
}
