using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DryApi.Simulator.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DryApi.Simulator.Api;

/// <summary>How dryAPI's 422 bodies look: Laravel's default, or the list style of the prompt endpoints.</summary>
internal enum ErrorEnvelope
{
    Laravel,
    List,
}

/// <summary>The bodies dryAPI answers with, byte for byte where its documentation shows them.</summary>
internal static class ApiResponses
{
    /// <summary>Like PHP's <c>json_encode</c>, no HTML-safe escaping (<c>&amp;</c> in URLs stays as it is).</summary>
    private static readonly JsonSerializerOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task Json(HttpContext context, int statusCode, JsonNode body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(Writing), context.RequestAborted);
    }

    public static Task Ok(HttpContext context, JsonNode body) => Json(context, StatusCodes.Status200OK, body);

    /// <summary><c>{"data":null,"message":…,"errors":[],"statusCode":…}</c>, dryAPI's envelope for 401, 404 and 500.</summary>
    public static Task Envelope(HttpContext context, int statusCode, string message) =>
        Json(context, statusCode, EnvelopeBody(statusCode, message));

    public static Task Unauthorized(HttpContext context) => Envelope(context, StatusCodes.Status401Unauthorized, "Unauthorized user.");

    public static Task Suspended(HttpContext context) =>
        Json(context, StatusCodes.Status403Forbidden, new JsonObject { ["message"] = "Your account has been suspended." });

    public static Task RequestNotFound(HttpContext context) => Envelope(context, StatusCodes.Status404NotFound, "Request not found.");

    public static Task TooManyAttempts(HttpContext context) =>
        Json(context, StatusCodes.Status429TooManyRequests, new JsonObject { ["message"] = "Too Many Attempts." });

    public static Task Invalid(HttpContext context, ValidationErrors errors, ErrorEnvelope envelope) =>
        Json(context, StatusCodes.Status422UnprocessableEntity, envelope == ErrorEnvelope.List ? ListBody(errors) : LaravelBody(errors));

    /// <summary>The body dryAPI sends for a status: its envelope for the statuses it documents, a proxy's HTML page for gateway errors.</summary>
    public static Task ForStatus(HttpContext context, int statusCode) => statusCode switch
    {
        StatusCodes.Status401Unauthorized => Unauthorized(context),
        StatusCodes.Status403Forbidden => Suspended(context),
        StatusCodes.Status404NotFound => RequestNotFound(context),
        StatusCodes.Status422UnprocessableEntity => Invalid(context, Single("model", "The selected model is invalid."), ErrorEnvelope.Laravel),
        StatusCodes.Status429TooManyRequests => TooManyAttempts(context),
        StatusCodes.Status500InternalServerError => Envelope(context, statusCode, "Internal server error"),
        StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout => GatewayPage(context, statusCode),
        _ => Envelope(context, statusCode, ReasonPhrases.GetReasonPhrase(statusCode)),
    };

    /// <summary>What Laravel does for a client that does not ask for JSON: redirect it (to the login page) with an HTML body.</summary>
    public static Task RedirectToLogin(HttpContext context)
    {
        var target = $"{context.Request.Scheme}://{context.Request.Host}/login";
        var encoded = WebUtility.HtmlEncode(target);
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = target;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html>
                <head>
                    <meta charset="UTF-8" />
                    <meta http-equiv="refresh" content="0;url='{encoded}'" />

                    <title>Redirecting to {encoded}</title>
                </head>
                <body>
                    Redirecting to <a href="{encoded}">{encoded}</a>.
                </body>
            </html>
            """,
            context.RequestAborted);
    }

    public static ValidationErrors Single(string key, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(key, message);
        return errors;
    }

    private static JsonObject EnvelopeBody(int statusCode, string message) => new()
    {
        ["data"] = null,
        ["message"] = message,
        ["errors"] = new JsonArray(),
        ["statusCode"] = statusCode,
    };

    /// <summary><c>{"message":"&lt;first&gt; (and N more errors)","errors":{"field":["…"]}}</c>.</summary>
    private static JsonObject LaravelBody(ValidationErrors errors)
    {
        var more = errors.Count - 1;
        var message = more switch
        {
            0 => errors.FirstMessage,
            1 => $"{errors.FirstMessage} (and 1 more error)",
            _ => $"{errors.FirstMessage} (and {more} more errors)",
        };
        var fields = new JsonObject();
        foreach (var (key, messages) in errors.Fields)
        {
            fields[key] = new JsonArray([.. messages.Select(m => (JsonNode)JsonValue.Create(m))]);
        }

        return new JsonObject { ["message"] = message, ["errors"] = fields };
    }

    /// <summary><c>{"data":null,"message":"Validation failed","errors":[{"field","messages"}],"statusCode":422}</c>.</summary>
    private static JsonObject ListBody(ValidationErrors errors)
    {
        var body = EnvelopeBody(StatusCodes.Status422UnprocessableEntity, "Validation failed");
        var list = body["errors"]!.AsArray();
        foreach (var (key, messages) in errors.Fields)
        {
            list.Add(new JsonObject
            {
                ["field"] = key,
                ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)JsonValue.Create(m))]),
            });
        }

        return body;
    }

    private static Task GatewayPage(HttpContext context, int statusCode)
    {
        var title = $"{statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}";
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html";
        return context.Response.WriteAsync(
            $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
            context.RequestAborted);
    }
}
