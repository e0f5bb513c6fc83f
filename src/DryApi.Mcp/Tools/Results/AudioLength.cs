using NAudio.Wave;

namespace DryApi.Mcp.Tools.Results;

/// <summary>How long an audio result plays, read with NAudio from a WAV header or by counting MP3 frames.</summary>
internal static class AudioLength
{
    /// <summary>The media types whose length can be read, so that only a short one is returned as audio content.</summary>
    public static bool CanRead(string mediaType) => mediaType is "audio/wav" or "audio/mpeg";

    /// <summary>The length of <paramref name="audio"/>, or null when it is not valid audio of <paramref name="mediaType"/>.</summary>
    public static TimeSpan? Of(byte[] audio, string mediaType)
    {
        try
        {
            using var stream = new MemoryStream(audio, writable: false);
            return mediaType switch
            {
                "audio/wav" => Wav(stream),
                "audio/mpeg" => Mp3(stream),
                _ => null,
            };
        }
        catch (Exception exception) when (exception is FormatException or InvalidDataException or EndOfStreamException or ArgumentException)
        {
            return null;
        }
    }

    private static TimeSpan Wav(Stream stream)
    {
        using var reader = new WaveFileReader(stream);
        return reader.TotalTime;
    }

    private static TimeSpan? Mp3(Stream stream)
    {
        var seconds = 0.0;
        var frames = 0;
        while (Mp3Frame.LoadFromStream(stream, readData: false) is { } frame)
        {
            seconds += (double)frame.SampleCount / frame.SampleRate;
            frames++;
        }

        return frames == 0 ? null : TimeSpan.FromSeconds(seconds);
    }
}
