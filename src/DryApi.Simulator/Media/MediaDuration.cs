namespace DryApi.Simulator.Media;

/// <summary>Checks requested media durations and turns them into whole sample or frame counts.</summary>
internal static class MediaDuration
{
    public const double MaxSeconds = 600;

    public static void Validate(double seconds, string parameterName)
    {
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > MaxSeconds)
        {
            throw new ArgumentOutOfRangeException(parameterName, seconds, "A duration must be more than 0 and at most 600 seconds.");
        }
    }

    /// <summary>The number of samples at <paramref name="sampleRate"/> that cover <paramref name="seconds"/>, at least one.</summary>
    public static long Samples(double seconds, int sampleRate) => Math.Max(1, (long)Math.Round(seconds * sampleRate));

    /// <summary>The number of fixed-size frames needed to cover <paramref name="samples"/>.</summary>
    public static long Frames(long samples, int samplesPerFrame) => (samples + samplesPerFrame - 1) / samplesPerFrame;
}
