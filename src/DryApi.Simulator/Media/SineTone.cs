namespace DryApi.Simulator.Media;

/// <summary>The 16-bit samples of a quiet 440 Hz sine tone, the content of the generated PCM audio.</summary>
internal static class SineTone
{
    private const double FrequencyHz = 440;
    private const double Amplitude = 0.25 * short.MaxValue;

    public static short At(long index, int sampleRate) =>
        (short)Math.Round(Amplitude * Math.Sin(2 * Math.PI * FrequencyHz * index / sampleRate));
}
