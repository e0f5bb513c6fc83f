using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Client.Errors;

namespace DryApi.Client.Http;

/// <summary>Turns a dryAPI error response into a typed exception whose message a person can act on.</summary>
internal static class ErrorResponseReader
{
    public static DryApiException Read(OperationContract contract, HttpResponseMessage response, string body)
    {
        var status = response.StatusCode;
        var (message, fieldErrors) = ParseBody(body);
        var what = $"dryAPI {contract.Verb.ToString().ToUpperInvariant()} {contract.Path}";
        var said = message is null ? string.Empty : $" dryAPI said: \"{message}\"";

        return (int)status switch
        {
            401 => new DryApiAuthenticationException(
                $"{what} rejected the API key (401).{said} Check that the key is correct and active in your dryAPI dashboard."),
            403 => new DryApiForbiddenException(
                $"{what} was refused (403): the account is suspended or not allowed to do this.{said} Contact dryAPI support."),
            404 => new DryApiNotFoundException($"{what}: not found (404).{said}"),
            422 when IsBalanceError(fieldErrors, message) => new DryApiInsufficientBalanceException(
                $"{what}: the account balance is too low for this request (422).{said} Nothing was queued. Top up your dryAPI balance or choose cheaper parameters.",
                fieldErrors),
            422 => new DryApiValidationException($"{what} rejected the parameters (422): {DescribeFields(fieldErrors, message)}", fieldErrors),
            429 => RateLimit(what, response),
            >= 500 => new DryApiServerException($"{what} failed on dryAPI's side ({(int)status}).{said} {AfterServerError(contract)}", status),
            >= 300 and < 400 => new DryApiProtocolException(
                $"{what} answered with a redirect ({(int)status}) instead of JSON; the base URL may be wrong.", status),
            _ => new DryApiException($"{what} failed ({(int)status}).{said}", status),
        };
    }

    private static DryApiRateLimitException RateLimit(string what, HttpResponseMessage response)
    {
        var window = Header(response, "X-RateLimit-Type") switch
        {
            "minute" => RateLimitWindow.Minute,
            "daily" => RateLimitWindow.Daily,
            _ => RateLimitWindow.Unknown,
        };
        var retryAfter = RetryAfter(response);
        var limit = window == RateLimitWindow.Daily
            ? Header(response, "X-RateLimit-Daily-Limit") is { } daily ? $" of {daily} requests per day" : " per day"
            : Header(response, "X-RateLimit-Limit") is { } minute ? $" of {minute} requests per minute" : string.Empty;
        var wait = retryAfter is { } delay
            ? $" Retry after {Math.Ceiling(delay.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s."
            : " Retry later.";
        return new DryApiRateLimitException($"{what} hit dryAPI's rate limit{limit} (429). Nothing was queued.{wait}", window, retryAfter);
    }

    private static string AfterServerError(OperationContract contract) =>
        contract.IsPaid
            ? "It was not resent automatically, so it cannot be charged twice; if your dryAPI dashboard does not show it, submit it again."
            : "Try again later.";

    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is RetryConditionHeaderValue { Delta: { } delta })
        {
            return delta;
        }

        if (response.Headers.RetryAfter is RetryConditionHeaderValue { Date: { } date })
        {
            var delay = date - DateTimeOffset.UtcNow;
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        // dryAPI documents fractional seconds, which the typed header rejects.
        return Header(response, "Retry-After") is { } raw
               && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    public static bool IsDailyLimit(HttpResponseMessage response) => Header(response, "X-RateLimit-Type") == "daily";

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static bool IsBalanceError(IReadOnlyDictionary<string, IReadOnlyList<string>> fieldErrors, string? message) =>
        fieldErrors.ContainsKey("balance")
        || (message?.Contains("balance", StringComparison.OrdinalIgnoreCase) ?? false);

    private static string DescribeFields(IReadOnlyDictionary<string, IReadOnlyList<string>> fieldErrors, string? message) =>
        fieldErrors.Count == 0
            ? message ?? "no detail given."
            : string.Join(" ", fieldErrors.Select(field => $"{field.Key}: {string.Join(" ", field.Value)}"));

    /// <summary>dryAPI's two error envelopes: <c>errors</c> as an object of field → messages, or as a list of {field, messages}.</summary>
    private static (string? Message, IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors) ParseBody(string body)
    {
        var fieldErrors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, fieldErrors);
            }

            var message = root.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            if (root.TryGetProperty("errors", out var errors))
            {
                ReadFieldErrors(errors, fieldErrors);
            }

            return (message, fieldErrors);
        }
        catch (JsonException)
        {
            return (null, fieldErrors);
        }
    }

    private static void ReadFieldErrors(JsonElement errors, Dictionary<string, IReadOnlyList<string>> into)
    {
        if (errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            {
                into[field.Name] = Messages(field.Value);
            }
        }
        else if (errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in errors.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("field", out var field) && field.ValueKind == JsonValueKind.String
                    && item.TryGetProperty("messages", out var messages))
                {
                    into[field.GetString()!] = Messages(messages);
                }
            }
        }
    }

    private static string[] Messages(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText()).ToArray(),
        JsonValueKind.String => [value.GetString()!],
        _ => [value.GetRawText()],
    };
}
