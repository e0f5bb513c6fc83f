using System.Net;
using System.Text;

namespace DryApi.Mcp.Auth;

/// <summary>
/// The authorize page: self-contained HTML (no scripts, fonts or images from anywhere), one question per page, with
/// labels and alerts a screen reader announces. Everything shown that a client chose is HTML-encoded.
/// </summary>
internal static class AuthorizePage
{
    public const string ApiKeyField = "api_key";
    public const string DecisionField = "decision";

    /// <summary>For clients without a secret: paste the dryAPI API key.</summary>
    public static IResult KeyForm(OAuthClient client, AuthorizationRequest request, string formToken, string? error, int statusCode)
    {
        var destination = Host(request.RedirectUri!);
        var body = new StringBuilder()
            .Append("<h1>Connect ").Append(Encode(client.DisplayName)).Append(" to dryAPI</h1>")
            .Append("<p>").Append(Encode(client.DisplayName)).Append(" asks to use your dryAPI account through this MCP server. ")
            .Append("After you connect, you return to <strong>").Append(Encode(destination)).Append("</strong>.</p>")
            .Append(ErrorAlert(error))
            .Append("<form method=\"post\" action=\"").Append(OAuthUrls.AuthorizePath).Append("\">")
            .Append(HiddenFields(request, formToken))
            .Append("<label for=\"api_key\">dryAPI API key</label>")
            .Append("<input id=\"api_key\" name=\"").Append(ApiKeyField).Append("\" type=\"password\" autocomplete=\"off\" spellcheck=\"false\" required autofocus")
            .Append(error is null ? " aria-describedby=\"key-help\"" : " aria-describedby=\"error key-help\" aria-invalid=\"true\"").Append('>')
            .Append("<p id=\"key-help\" class=\"help\">Copy a key from your dryAPI dashboard. dryAPI checks it before you continue; it is kept only inside the tokens ")
            .Append(Encode(client.DisplayName)).Append(" receives, never stored on this server.</p>")
            .Append("<button type=\"submit\">Connect</button>")
            .Append("</form>");
        return Page("Connect to dryAPI", body.ToString(), request.RedirectUri!, statusCode);
    }

    /// <summary>For the pre-registered client, whose key arrives later as its client secret: approve or deny.</summary>
    public static IResult Consent(OAuthClient client, AuthorizationRequest request, string formToken)
    {
        var destination = Host(request.RedirectUri!);
        var body = new StringBuilder()
            .Append("<h1>Allow access to dryAPI?</h1>")
            .Append("<p>An application using the client <strong>").Append(Encode(client.Id)).Append("</strong> asks to use dryAPI through this MCP server. ")
            .Append("It authenticates with your dryAPI API key as its client secret. If you allow it, you return to <strong>")
            .Append(Encode(destination)).Append("</strong>.</p>")
            .Append("<form method=\"post\" action=\"").Append(OAuthUrls.AuthorizePath).Append("\">")
            .Append(HiddenFields(request, formToken))
            .Append("<button type=\"submit\" name=\"").Append(DecisionField).Append("\" value=\"approve\">Allow</button> ")
            .Append("<button type=\"submit\" name=\"").Append(DecisionField).Append("\" value=\"deny\" class=\"secondary\">Deny</button>")
            .Append("</form>");
        return Page("Allow access to dryAPI", body.ToString(), request.RedirectUri!, StatusCodes.Status200OK);
    }

    /// <summary>An error that is shown, not redirected: the redirect URI is not (yet) trusted.</summary>
    public static IResult Error(string message, int statusCode = StatusCodes.Status400BadRequest) =>
        Page("Cannot connect to dryAPI", "<h1>Cannot connect to dryAPI</h1>" + ErrorAlert(message)
            + "<p>Go back to your application and connect again. If this keeps happening, tell its developer what this page says.</p>",
            redirectUri: null, statusCode);

    private static string ErrorAlert(string? message) =>
        message is null ? "" : $"<p id=\"error\" class=\"error\" role=\"alert\">{Encode(message)}</p>";

    private static string HiddenFields(AuthorizationRequest request, string formToken) =>
        string.Concat(request.Fields().Append(KeyValuePair.Create(AuthorizeFormProtection.FieldName, formToken))
            .Select(field => $"<input type=\"hidden\" name=\"{Encode(field.Key)}\" value=\"{Encode(field.Value)}\">"));

    private static string Host(string redirectUri) => new Uri(redirectUri).Authority;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static PageResult Page(string title, string body, string? redirectUri, int statusCode)
    {
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{{Encode(title)}}</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:0;padding:2rem 1rem;background:#f6f7f9;color:#1b1f24;line-height:1.5}
            main{max-width:28rem;margin:0 auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1.5rem 2rem}
            h1{font-size:1.4rem;margin-top:0}
            label{display:block;font-weight:600;margin-top:1rem}
            input[type=password]{display:block;width:100%;box-sizing:border-box;font-size:1rem;padding:.5rem;margin-top:.25rem;border:1px solid #57606a;border-radius:4px}
            input:focus,button:focus{outline:3px solid #0969da;outline-offset:2px}
            button{font-size:1rem;padding:.5rem 1.25rem;margin-top:1rem;border-radius:4px;border:1px solid #0b5cad;background:#0969da;color:#fff;cursor:pointer}
            button.secondary{background:#fff;color:#1b1f24;border-color:#57606a}
            .help{font-size:.9rem;color:#424a53}
            .error{color:#a40e26;background:#fff0f0;border:1px solid #a40e26;border-radius:4px;padding:.5rem .75rem}
            </style>
            </head>
            <body>
            <main>
            {{body}}
            </main>
            </body>
            </html>
            """;
        return new PageResult(html, statusCode, redirectUri);
    }

    private sealed class PageResult(string html, int statusCode, string? redirectUri) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";

            // Browsers apply form-action to the redirect that answers the POST, so the client's origin is allowed too.
            var formTargets = redirectUri is null ? "'self'" : "'self' " + new Uri(redirectUri).GetLeftPart(UriPartial.Authority);
            headers.ContentSecurityPolicy =
                $"default-src 'none'; style-src 'unsafe-inline'; form-action {formTargets}; frame-ancestors 'none'; base-uri 'none'";
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
