using System.Globalization;

namespace DryApi.Mcp.Tests.Load;

/// <summary>
/// How wide and how long a load run is: 200 clients for 2 minutes, unless <c>DRYAPI_LOAD_CLIENTS</c> or
/// <c>DRYAPI_LOAD_MINUTES</c> say otherwise (<c>tests/soak/run.sh</c> sets the minutes).
/// </summary>
internal sealed record LoadShape(int Clients, TimeSpan Duration)
{
    public static LoadShape FromEnvironment() => new(
        (int)Read("DRYAPI_LOAD_CLIENTS", 200),
        TimeSpan.FromMinutes(Read("DRYAPI_LOAD_MINUTES", 2)));

    /// <summary>
    /// When memory is sampled (each sample takes 2 s): at the end of every minute, the last one 4 s before the clients
    /// stop so every sample is taken under full load. A run shorter than 2 minutes samples at its middle and its end.
    /// </summary>
    public IReadOnlyList<TimeSpan> SamplePoints()
    {
        var last = Duration - TimeSpan.FromSeconds(4);
        if (Duration < TimeSpan.FromMinutes(2))
        {
            return [Duration / 2, last];
        }

        var minutes = Enumerable.Range(1, (int)Duration.TotalMinutes).Select(minute => TimeSpan.FromMinutes(minute)).Where(point => point < last);
        return [.. minutes, last];
    }

    private static double Read(string variable, double fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(text) ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
            : throw new InvalidOperationException($"{variable} must be a positive number, not '{text}'.");
    }
}
