using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using DryApi.Simulator.Hosting;
using DryApi.Simulator.Jobs;

namespace DryApi.Simulator.Webhooks;

/// <summary>
/// Sends a job's webhooks as dryAPI does (execution-modes-and-integrations/webhooks.md): <c>job.processing</c> when it
/// leaves the queue, then <c>job.completed</c> or <c>job.failed</c>; POST with a JSON body, the <c>X-dryAPI-*</c>
/// headers and an HMAC-SHA256 signature over <c>timestamp.body</c> with the account's webhook secret. A delivery that
/// is not answered 2xx within 10 seconds (redirects count as failures) is retried on dryAPI's schedule, scaled by
/// <see cref="SimulatorOptions.WebhookRetryScale"/>, at most 10 attempts. A stuck job sends no terminal event.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    /// <summary>dryAPI's documented delays before attempts 2 to 10.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
    ];

    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    private readonly SimulatorState _state;
    private readonly HttpClient _http;

    public WebhookSender(SimulatorState state)
    {
        _state = state;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false };
        if (state.Options.WebhookTrustedCertificate is { Length: > 0 } thumbprint)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = TrustOnly(thumbprint);
        }

        _http = new HttpClient(handler) { Timeout = ResponseTimeout };
    }

    /// <summary>Sends the job's events at the moments its state changes, in the background.</summary>
    /// <param name="baseAddress">Where the simulator was reached, for the signed <c>result_url</c>.</param>
    public void Follow(SimulatedJob job, string url, string jobType, Uri baseAddress) => _ = FollowAsync(job, url, jobType, baseAddress);

    public void Dispose() => _http.Dispose();

    private async Task FollowAsync(SimulatedJob job, string url, string jobType, Uri baseAddress)
    {
        try
        {
            await UntilAsync(job.CreatedAt + job.Timing.Pending);
            var started = _state.Clock.GetUtcNow();
            _ = DeliverAsync(job, url, "job.processing", new JsonObject
            {
                ["status"] = "processing",
                ["previous_status"] = "pending",
                ["job_type"] = jobType,
                ["started_at"] = Iso(started),
            });
            if (job.Stuck)
            {
                return;
            }

            await UntilAsync(job.CreatedAt + job.Timing.Duration);
            var ended = _state.Clock.GetUtcNow();
            _ = job.Failure is { } failure
                ? DeliverAsync(job, url, "job.failed", new JsonObject
                {
                    ["status"] = "error",
                    ["previous_status"] = "processing",
                    ["job_type"] = jobType,
                    ["failed_at"] = Iso(ended),
                    ["error_code"] = failure.Code,
                    ["error_message"] = failure.Message,
                })
                : DeliverAsync(job, url, "job.completed", new JsonObject
                {
                    ["status"] = "done",
                    ["previous_status"] = "processing",
                    ["job_type"] = jobType,
                    ["completed_at"] = Iso(ended),
                    ["result_url"] = _state.Signer.Sign(baseAddress, job.Id, job.Result.Main.Name),
                    ["processing_time_ms"] = (long)(job.Timing.Duration - job.Timing.Pending).TotalMilliseconds,
                });
        }
        catch (OperationCanceledException) when (_state.Stopping.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(SimulatedJob job, string url, string eventName, JsonObject data)
    {
        var deliveryId = Guid.NewGuid().ToString("D");
        data.Insert(0, "job_request_id", job.Id.ToString("D"));
        for (var attempt = 1; attempt <= RetryDelays.Count + 1; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(RetryDelays[attempt - 2] * _state.Options.WebhookRetryScale, _state.Clock, _state.Stopping);
            }

            var now = _state.Clock.GetUtcNow();
            var body = new JsonObject
            {
                ["event"] = eventName,
                ["delivery_id"] = deliveryId,
                ["timestamp"] = Iso(now),
                ["data"] = data.DeepClone(),
            }.ToJsonString();
            var status = await PostAsync(url, eventName, deliveryId, body, now, job.OwnerKey);
            _state.Webhooks.Add(new WebhookDelivery(now, url, eventName, deliveryId, job.Id.ToString("D"), job.OwnerKey, attempt, status));
            if (status is >= 200 and < 300)
            {
                return;
            }
        }
    }

    private async Task<int> PostAsync(string url, string eventName, string deliveryId, string body, DateTimeOffset now, string apiKey)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var secret = _state.Accounts.WebhookSecretOf(apiKey);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.Add("X-dryAPI-Signature", "sha256=" + signature);
        request.Headers.Add("X-dryAPI-Timestamp", timestamp);
        request.Headers.Add("X-dryAPI-Event", eventName);
        request.Headers.Add("X-dryAPI-Delivery-Id", deliveryId);
        request.Headers.UserAgent.ParseAdd("dryAPI-Webhook/1.0");
        try
        {
            using var response = await _http.SendAsync(request, _state.Stopping);
            return (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !_state.Stopping.IsCancellationRequested)
        {
            return 0;
        }
    }

    /// <summary>
    /// Until the clock the job's state is read by shows <paramref name="moment"/>. A timer counts a monotonic clock and
    /// can end a few milliseconds short of the wall clock; an event sent then would announce a state a status request
    /// does not show yet.
    /// </summary>
    private async Task UntilAsync(DateTimeOffset moment)
    {
        for (var delay = moment - _state.Clock.GetUtcNow(); delay > TimeSpan.Zero; delay = moment - _state.Clock.GetUtcNow())
        {
            await Task.Delay(delay, _state.Clock, _state.Stopping);
        }
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static RemoteCertificateValidationCallback TrustOnly(string thumbprint) =>
        (_, presented, _, _) => presented is not null
            && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase);
}
