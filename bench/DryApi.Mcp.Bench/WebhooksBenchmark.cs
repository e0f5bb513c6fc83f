using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using DryApi.Tests.Support;

namespace DryApi.Mcp.Bench;

/// <summary>
/// Section 7: the same jobs waited with our webhooks (an https <c>Auth:PublicBaseUrl</c>; the simulator delivers
/// dryAPI's webhooks to the server over https on loopback), by our polling alone, and by dryAPI's hosted-server policy
/// (<c>Polling:IgnoreProgress</c>), each against its own simulator, in one run. Status requests and detection delays come
/// from the simulator's journal: a job's detection delay is its last status request (the one that saw it done) less the
/// moment it was due (its submission's arrival plus the job's duration).
/// </summary>
internal static class WebhooksBenchmark
{
    private const int Jobs = 20;
    private const double StatusRequestsTarget = 1.2;
    private const double DetectionDelayTarget = 0.5;
    private static readonly TimeSpan Job = TimeSpan.FromSeconds(10);

    /// <summary>Calls start this far apart, so the jobs do not all end in the same instant.</summary>
    private static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(250);

    private sealed record Measured(string Mode, double StatusRequestsPerJob, double MedianDelay, double P90Delay, int Completed);

    public static async Task RunAsync(BenchPaths paths)
    {
        using var certificate = LoopbackCertificate.Create();
        var pfx = Path.Combine(paths.Work, "webhooks-loopback.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12));
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);

        var webhooks = await MeasureAsync(paths, "ours, webhooks", ["--Simulator:WebhookTrustedCertificate", thumbprint], port =>
        {
            var publicPort = FreePort.Next();
            return
            [
                "--Urls", $"http://127.0.0.1:{port};https://127.0.0.1:{publicPort}",
                "--Kestrel:Certificates:Default:Path", pfx,
                "--Auth:PublicBaseUrl", $"https://127.0.0.1:{publicPort}",
            ];
        });
        var polling = await MeasureAsync(paths, "ours, polling only", [], _ => []);
        var hosted = await MeasureAsync(paths, "hosted policy", [], _ => ["--Polling:IgnoreProgress", "true"]);

        var table = new MarkdownTable("policy", "jobs done", "status requests per job", "median detection delay s", "p90 s");
        foreach (var measured in (Measured[])[webhooks, polling, hosted])
        {
            table.Add(measured.Mode, $"{measured.Completed} of {Jobs}", measured.StatusRequestsPerJob, measured.MedianDelay, measured.P90Delay);
        }

        Console.WriteLine($"### 7. Webhooks ({Jobs} calls of text_to_image, {Job.TotalSeconds:0} s jobs, started {Stagger.TotalMilliseconds:0} ms apart, each policy against its own simulator)");
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine(new MarkdownTable("measure, with webhooks", "value", "target")
            .Add("status requests per job", webhooks.StatusRequestsPerJob,
                $"≤ {StatusRequestsTarget}: {MarkdownTable.Met(webhooks.StatusRequestsPerJob <= StatusRequestsTarget)}")
            .Add("median detection delay (s)", webhooks.MedianDelay,
                $"≤ {DetectionDelayTarget}: {MarkdownTable.Met(webhooks.MedianDelay <= DetectionDelayTarget)}"));
    }

    private static async Task<Measured> MeasureAsync(BenchPaths paths, string mode, string[] simulatorSettings, Func<int, IEnumerable<string>> serverSettings)
    {
        await Console.Error.WriteLineAsync($"  webhooks: {mode}");
        using var http = Wire.NewClient();
        using var simulator = await RunningService.SimulatorAsync(paths, http, Job, simulatorSettings);
        using var server = await RunningService.ServerAsync(paths, http, simulator.Address, serverSettings);

        var calls = new List<Task<bool>>();
        for (var index = 0; index < Jobs; index++)
        {
            calls.Add(CallAsync(http, server.Address, index));
            await Task.Delay(Stagger);
        }

        var completed = (await Task.WhenAll(calls)).Count(done => done);
        var journal = await Wire.JournalAsync(http, simulator.Address);
        var statusRequests = journal.Where(entry => PathOf(entry).Contains("/request-status/", StringComparison.Ordinal)).ToArray();
        var delays = journal
            .Where(entry => PathOf(entry).EndsWith("/txt2img", StringComparison.Ordinal) && entry!["createdRequestId"] is JsonValue)
            .Select(submission =>
            {
                var id = submission!["createdRequestId"]!.GetValue<string>();
                var seen = statusRequests.Where(entry => PathOf(entry).EndsWith(id, StringComparison.Ordinal)).Max(At);
                return (seen - (At(submission) + Job)).TotalSeconds;
            })
            .Order()
            .ToArray();
        return new Measured(mode, (double)statusRequests.Length / delays.Length, LoadLoop.Percentile(delays, 0.5), LoadLoop.Percentile(delays, 0.9), completed);
    }

    private static async Task<bool> CallAsync(HttpClient http, Uri endpoint, int index)
    {
        var arguments = Wire.TextToImage(index);
        var body = await Wire.SendAsync(http, Wire.Post(endpoint, Wire.ToolCall("text_to_image", arguments, index)), CancellationToken.None);
        return Wire.ToolResult(body)["structuredContent"]?["status"]?.GetValue<string>() == "done";
    }

    private static string PathOf(JsonNode? entry) => entry!["path"]!.GetValue<string>();

    private static DateTimeOffset At(JsonNode? entry) => entry!["at"]!.GetValue<DateTimeOffset>();
}
