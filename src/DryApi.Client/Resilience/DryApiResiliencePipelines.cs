using System.Net;
using DryApi.Client.Contract;
using DryApi.Client.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace DryApi.Client.Resilience;

/// <summary>
/// How each kind of request is retried. A request that is free to repeat (a read, a quote) is retried on network
/// errors, timeouts, 5xx and short 429s. A paid submission is retried only when dryAPI certainly did not take it:
/// a 429, or a connection that could not be opened. Anything else might have queued a job, so it is never resent.
/// Every attempt passes the shared <see cref="UpstreamCircuitBreaker"/>, which refuses it unsent while dryAPI is down.
/// </summary>
internal sealed class DryApiResiliencePipelines
{
    private readonly DryApiClientOptions options;
    private readonly UpstreamCircuitBreaker breaker;
    private readonly ResiliencePipeline<HttpResponseMessage> freeRequest;
    private readonly ResiliencePipeline<HttpResponseMessage> freeUpload;
    private readonly ResiliencePipeline<HttpResponseMessage> paidRequest;
    private readonly ResiliencePipeline<HttpResponseMessage> paidUpload;

    public DryApiResiliencePipelines(IOptions<DryApiClientOptions> options, TimeProvider timeProvider, ILogger<DryApiResiliencePipelines> logger)
    {
        this.options = options.Value;
        breaker = new UpstreamCircuitBreaker(this.options, timeProvider, logger);
        freeRequest = Build(paid: false, this.options.RequestTimeout, timeProvider);
        freeUpload = Build(paid: false, this.options.UploadTimeout, timeProvider);
        paidRequest = Build(paid: true, this.options.RequestTimeout, timeProvider);
        paidUpload = Build(paid: true, this.options.UploadTimeout, timeProvider);
    }

    public ResiliencePipeline<HttpResponseMessage> For(OperationContract contract)
    {
        var upload = contract.Encoding == BodyEncoding.Multipart;
        return contract.IsPaid ? (upload ? paidUpload : paidRequest) : (upload ? freeUpload : freeRequest);
    }

    public TimeSpan AttemptTimeout(OperationContract contract) =>
        contract.Encoding == BodyEncoding.Multipart ? options.UploadTimeout : options.RequestTimeout;

    /// <summary>What to tell the caller when the circuit breaker refused a request unsent.</summary>
    public string Refusal(BrokenCircuitException exception, OperationContract contract) => breaker.Refusal(exception, contract.IsPaid);

    /// <summary>Nothing was sent: the connection could not be opened at all.</summary>
    public static bool NeverSent(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    private ResiliencePipeline<HttpResponseMessage> Build(bool paid, TimeSpan attemptTimeout, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = arguments => ValueTask.FromResult(paid ? IsRetryablePaid(arguments.Outcome) : IsRetryableFree(arguments.Outcome)),
                DelayGenerator = arguments => ValueTask.FromResult(
                    arguments.Outcome.Result is { } response ? ErrorResponseReader.RetryAfter(response) : null),
                OnRetry = arguments =>
                {
                    arguments.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddStrategy(_ => breaker.Strategy(), new UpstreamCircuitBreakerOptions()).AddTimeout(attemptTimeout).Build();
    }

    private bool IsRetryableFree(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500
                                    || response.StatusCode == HttpStatusCode.RequestTimeout
                                    || IsShortRateLimit(response),
        _ => false,
    };

    private bool IsRetryablePaid(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: { } exception } => NeverSent(exception),
        { Result: { } response } => IsShortRateLimit(response),
        _ => false,
    };

    private bool IsShortRateLimit(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        && !ErrorResponseReader.IsDailyLimit(response)
        && (ErrorResponseReader.RetryAfter(response) ?? TimeSpan.Zero) <= options.MaxRetryAfter;
}
