using System.Net;

namespace DryApi.Client.Errors;

/// <summary>dryAPI refused or failed an operation. <see cref="Exception.Message"/> says what happened and what to do.</summary>
public class DryApiException : Exception
{
    public DryApiException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode? StatusCode { get; }
}

/// <summary>401: the API key is missing, wrong or revoked.</summary>
public sealed class DryApiAuthenticationException(string message)
    : DryApiException(message, HttpStatusCode.Unauthorized);

/// <summary>403: the account is suspended or lacks permission.</summary>
public sealed class DryApiForbiddenException(string message)
    : DryApiException(message, HttpStatusCode.Forbidden);

/// <summary>404: the job (or model) does not exist for this key.</summary>
public sealed class DryApiNotFoundException(string message)
    : DryApiException(message, HttpStatusCode.NotFound);

/// <summary>422: dryAPI rejected parameters. <see cref="FieldErrors"/> holds each field's messages.</summary>
public class DryApiValidationException(string message, IReadOnlyDictionary<string, IReadOnlyList<string>> fieldErrors)
    : DryApiException(message, HttpStatusCode.UnprocessableEntity)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors { get; } = fieldErrors;
}

/// <summary>422 on the balance: the account cannot pay for the operation. Nothing was queued.</summary>
public sealed class DryApiInsufficientBalanceException(string message, IReadOnlyDictionary<string, IReadOnlyList<string>> fieldErrors)
    : DryApiValidationException(message, fieldErrors);

/// <summary>Which dryAPI rate limit was hit.</summary>
public enum RateLimitWindow
{
    Unknown,

    /// <summary>Requests per minute (RPM).</summary>
    Minute,

    /// <summary>Requests per day (RPD); resets at 00:00 UTC.</summary>
    Daily,
}

/// <summary>429: a rate limit was hit. Nothing was queued; the call may be repeated after <see cref="RetryAfter"/>.</summary>
public sealed class DryApiRateLimitException(string message, RateLimitWindow window, TimeSpan? retryAfter)
    : DryApiException(message, HttpStatusCode.TooManyRequests)
{
    public RateLimitWindow Window { get; } = window;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>5xx: dryAPI failed. A paid submission that gets one is not resent, so it cannot be charged twice.</summary>
public sealed class DryApiServerException(string message, HttpStatusCode statusCode)
    : DryApiException(message, statusCode);

/// <summary>dryAPI could not be reached, or did not answer in time, and the request did not take effect.</summary>
public sealed class DryApiUnavailableException(string message, Exception innerException)
    : DryApiException(message, null, innerException);

/// <summary>dryAPI answered with something that is not the documented response (not JSON, a redirect, a missing field).</summary>
public sealed class DryApiProtocolException(string message, HttpStatusCode? statusCode, Exception? innerException = null)
    : DryApiException(message, statusCode, innerException);

/// <summary>
/// A paid submission may have reached dryAPI, but its answer was lost (dropped connection, timeout, unreadable reply).
/// It may have been queued and charged, and it is deliberately not resent, so it is never charged twice.
/// </summary>
public sealed class DryApiUncertainSubmissionException(string message, Exception innerException)
    : DryApiException(message, null, innerException);
