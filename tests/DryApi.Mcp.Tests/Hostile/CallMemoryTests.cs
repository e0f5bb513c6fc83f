using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DryApi.Mcp.Tests.Shutdown;
using DryApi.Simulator;
using DryApi.Simulator.Media;

namespace DryApi.Mcp.Tests.Hostile;

/// <summary>
/// Peak memory of one large <c>tools/call</c>, measured on the server as a child process (its peak resident set,
/// reset before each call): a caller whose key dryAPI refuses costs next to nothing, and a verified caller's call
/// costs at most three times its body.
/// </summary>
public sealed class CallMemoryTests : IAsyncLifetime
{
    private const double MaxRatio = 3.0;

    private RunningSimulator simulator = null!;
    private ServerProcess server = null!;
    private string key = null!;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        simulator = await RunningSimulator.StartAsync(cancellationToken: CancellationToken);
        key = $"7|memory-{Guid.NewGuid():N}";
        simulator.Accounts.Add(key, 1000m, RateTier.Unlimited);
        server = await ServerProcess.StartAsync(
            new Dictionary<string, string> { ["DryApi__BaseUrl"] = simulator.BaseAddress.ToString() }, CancellationToken);

        // The first call of a kind loads and compiles code; only calls after it are measured.
        await PostAsync(Body("audio_transcription", "audio", Encoding.ASCII.GetBytes(Convert.ToBase64String(SampleMedia.Wav(1)))), key);
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        await simulator.DisposeAsync();
    }

    [Fact]
    public async Task A_62_MiB_call_with_a_refused_key_costs_almost_nothing()
    {
        var body = Body("image_upscale", "image", Base64Filler((62 * 1024 * 1024) - 256));

        var (status, ratio) = await MeasureAsync(body, "1|refused-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(ratio <= 0.5, $"A refused key's 62 MiB call raised peak memory by {ratio:0.00}× its body.");
    }

    [Fact]
    public async Task A_62_MiB_call_with_an_oversized_image_costs_at_most_three_times_its_body()
    {
        var body = Body("image_upscale", "image", Base64Filler((62 * 1024 * 1024) - 256));

        var (status, ratio) = await MeasureAsync(body, key);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(ratio <= MaxRatio, $"The call raised peak memory by {ratio:0.00}× its body; at most {MaxRatio}× is allowed.");
    }

    [Fact]
    public async Task Four_62_MiB_calls_at_once_cost_at_most_three_times_their_bodies()
    {
        var body = Body("image_upscale", "image", Base64Filler((62 * 1024 * 1024) - 256));

        var (statuses, ratio) = await MeasureAsync(body, 4, key);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(ratio <= MaxRatio, $"The calls raised peak memory by {ratio:0.00}× their bodies; at most {MaxRatio}× is allowed.");
    }

    [Fact]
    public async Task A_submitted_10_MB_audio_file_costs_at_most_three_times_its_body()
    {
        var wav = SampleMedia.Wav(200);
        var body = Body("audio_transcription", "audio", Encoding.ASCII.GetBytes(Convert.ToBase64String(wav)));

        var (status, ratio) = await MeasureAsync(body, key);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(simulator.Journal.Entries, entry => entry.ApiKey == key && entry.OperationId == "requestAudioFile2Txt" && entry.StatusCode == 200);
        Assert.True(ratio <= MaxRatio, $"The call raised peak memory by {ratio:0.00}× its body; at most {MaxRatio}× is allowed.");
    }

    private async Task<(HttpStatusCode Status, double Ratio)> MeasureAsync(byte[] body, string bearer)
    {
        var (statuses, ratio) = await MeasureAsync(body, 1, bearer);
        return (statuses[0], ratio);
    }

    /// <summary>Sends <paramref name="body"/> <paramref name="calls"/> times at once; the ratio is the peak's growth over all the bodies.</summary>
    private async Task<(HttpStatusCode[] Statuses, double Ratio)> MeasureAsync(byte[] body, int calls, string bearer)
    {
        var before = ResidentBytes("VmRSS");
        await File.WriteAllTextAsync($"/proc/{server.Id}/clear_refs", "5", CancellationToken);
        var statuses = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => PostAsync(body, bearer)));
        var bodies = (double)body.Length * calls;
        var ratio = (ResidentBytes("VmHWM") - before) / bodies;
        var figure = string.Create(CultureInfo.InvariantCulture,
            $"{TestContext.Current.Test?.TestDisplayName}: {calls} × body {body.Length / 1048576.0:0.0} MiB, peak RSS +{ratio * bodies / 1048576.0:0.0} MiB, ratio {ratio:0.00}");
        TestContext.Current.TestOutputHelper?.WriteLine(figure);
        if (Environment.GetEnvironmentVariable("DRYAPI_MEASUREMENTS_FILE") is { Length: > 0 } measurements)
        {
            // .ci/run prints these after the tests, so every run shows the ratios it checked.
            await File.AppendAllTextAsync(measurements, "memory per call: " + figure + Environment.NewLine, CancellationToken);
        }

        return (statuses, ratio);
    }

    private async Task<HttpStatusCode> PostAsync(byte[] body, string bearer)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        // As well-behaved clients do with large bodies: a server that refuses the call answers before the body is sent.
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request, CancellationToken);
        await response.Content.ReadAsByteArrayAsync(CancellationToken);
        return response.StatusCode;
    }

    private long ResidentBytes(string field)
    {
        var line = File.ReadLines($"/proc/{server.Id}/status").First(candidate => candidate.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>A <c>tools/call</c> of <paramref name="tool"/> whose <paramref name="argument"/> is the given base64 text.</summary>
    private static byte[] Body(string tool, string argument, byte[] base64)
    {
        var head = Encoding.UTF8.GetBytes(
            $$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"{{tool}}","arguments":{{{(tool == "image_upscale" ? "\"model\":\"RealESRGAN_x4plus\"" : "\"model\":\"WhisperLargeV3\",\"include_ts\":false")}},"{{argument}}":" """.TrimEnd());
        var tail = "\"}}}"u8;
        return [.. head, .. base64, .. tail];
    }

    /// <summary>Base64 text of <paramref name="length"/> characters that decodes to a PNG signature and filler.</summary>
    private static byte[] Base64Filler(int length)
    {
        var text = new byte[length];
        "iVBORw0KGgo"u8.CopyTo(text);
        text.AsSpan(11).Fill((byte)'A');
        return text;
    }
}
