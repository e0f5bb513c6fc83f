using System.Globalization;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DryApi.Client.Resilience;

/// <summary>
/// One circuit breaker for dryAPI's base address, shared by every key and every kind of request, because an outage
/// affects them all. It opens after <see cref="DryApiClientOptions.CircuitBreakerFailures"/> requests in a row got no
/// answer (no connection, a timeout, a 5xx); a refusal (401, 402, 404, 422, 429) is an answer and resets the count.
/// While it is open, requests fail at once without being sent. After <see cref="DryApiClientOptions.CircuitBreakDuration"/>
/// one request is let through as a probe: an answer closes the breaker, another failure opens it again.
/// </summary>
/// <remarks>
/// Polly's own breaker counts failures within a time window, which never fills when each failure is a timeout as
/// long as the window; a hung dryAPI would then never open it. Counting requests in a row has no such blind spot.
/// </remarks>
internal sealed partial class UpstreamCircuitBreaker(DryApiClientOptions options, TimeProvider timeProvider, ILogger logger)
{
    private readonly Lock gate = new();
    private int unansweredInARow;
    private DateTimeOffset? openUntil;
    private bool probing;

    /// <summary>The breaker as a strategy, to place inside each pipeline's retries and around its attempt timeout.</summary>
    public ResilienceStrategy<HttpResponseMessage> Strategy() => new BreakerStrategy(this);

    /// <summary>Why a request was not sent while the breaker is open, and when it will be tried again.</summary>
    public string Refusal(BrokenCircuitException exception, bool paid)
    {
        var retryAfter = exception.RetryAfter ?? options.CircuitBreakDuration;
        var seconds = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var outcome = paid ? " Nothing was submitted and nothing was charged." : string.Empty;
        return $"dryAPI has not answered the last {options.CircuitBreakerFailures.ToString(CultureInfo.InvariantCulture)} requests " +
               $"(no connection, timeouts or server errors); this server will try again in {seconds} s.{outcome} " +
               "Wait that long, then repeat the call.";
    }

    /// <summary>Whether a request may be sent now; if it may, whether it is the probe of an open breaker.</summary>
    private bool TryEnter(out bool probe, out TimeSpan retryAfter)
    {
        lock (gate)
        {
            probe = false;
            retryAfter = TimeSpan.Zero;
            if (openUntil is not { } until)
            {
                return true;
            }

            var now = timeProvider.GetUtcNow();
            if (now < until || probing)
            {
                retryAfter = until > now ? until - now : options.CircuitBreakDuration;
                return false;
            }

            probing = probe = true;
            return true;
        }
    }

    private void ReleaseProbe(bool probe)
    {
        if (probe)
        {
            lock (gate)
            {
                probing = false;
            }
        }
    }

    private void Record(bool answered, bool probe)
    {
        lock (gate)
        {
            if (probe)
            {
                probing = false;
            }

            if (answered)
            {
                unansweredInARow = 0;
                if (openUntil is not null)
                {
                    openUntil = null;
                    LogClosed(logger, options.BaseUrl.Host);
                }

                return;
            }

            if (++unansweredInARow >= options.CircuitBreakerFailures && (openUntil is null || probe))
            {
                openUntil = timeProvider.GetUtcNow() + options.CircuitBreakDuration;
                LogOpened(logger, options.BaseUrl.Host, unansweredInARow, options.CircuitBreakDuration.TotalSeconds);
            }
        }
    }

    private static bool IsUnanswered(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "dryAPI at {Host} left {Count} requests in a row unanswered; requests fail at once for {Seconds} s")]
    private static partial void LogOpened(ILogger logger, string host, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "dryAPI at {Host} answers again; requests are sent again")]
    private static partial void LogClosed(ILogger logger, string host);

    private sealed class BreakerStrategy(UpstreamCircuitBreaker breaker) : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
        {
            if (!breaker.TryEnter(out var probe, out var retryAfter))
            {
                return Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException("dryAPI is not answering.", retryAfter));
            }

            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            if (outcome.Exception is OperationCanceledException)
            {
                // The caller gave up: says nothing about dryAPI, but a probe must not stay taken.
                breaker.ReleaseProbe(probe);
            }
            else
            {
                breaker.Record(!IsUnanswered(outcome), probe);
            }

            return outcome;
        }
    }
}

/// <summary>The breaker's settings live in <see cref="DryApiClientOptions"/>; Polly asks for an options object all the same.</summary>
internal sealed class UpstreamCircuitBreakerOptions : ResilienceStrategyOptions;
