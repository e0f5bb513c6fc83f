namespace DryApi.Simulator.Media;

/// <summary>The sample rates accepted for generated PCM-based audio (WAV and FLAC).</summary>
internal static class PcmSampleRate
{
    public const int Min = 8000;
    public const int Max = 192000;

    public static void Validate(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, Min);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, Max);
    }
}
