using Microsoft.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DryApi.Mcp.Auth;

/// <summary>
/// <c>/authorize</c> after OpenIddict validated the request (passthrough): GET shows the page, POST submits it.
/// Errors OpenIddict could not send back to a verified redirect URI arrive here (error passthrough) and are shown as a
/// page. A code is issued only for a key dryAPI accepts (clients without a secret) or on consent (the pre-registered
/// client); OpenIddict then redirects with the code, <c>state</c> and <c>iss</c>.
/// </summary>
internal sealed class AuthorizeEndpoint(AuthorizeFormProtection formProtection, ApiKeyVerifier keyVerifier, OAuthUrls urls)
{
    public IResult Show(HttpContext context)
    {
        if (Verified(context) is not { } verified)
        {
            return Refused(context);
        }

        var (client, request) = verified;
        var formToken = formProtection.Issue(context.Response, request);
        return client.HasSecret
            ? AuthorizePage.Consent(client, request, formToken)
            : AuthorizePage.KeyForm(client, request, formToken, error: null, StatusCodes.Status200OK);
    }

    public async Task<IResult> SubmitAsync(HttpContext context)
    {
        if (Verified(context) is not { } verified)
        {
            return Refused(context);
        }

        var (client, request) = verified;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!await formProtection.VerifyAsync(context.Request, form[AuthorizeFormProtection.FieldName], request))
        {
            return AuthorizePage.Error("This form has expired or was not sent from this server's page.");
        }

        if (client.HasSecret)
        {
            return form[AuthorizePage.DecisionField] == "approve"
                ? IssueCode(apiKey: null)
                : Results.Forbid(
                    new(new Dictionary<string, string?>
                    {
                        [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user denied access.",
                    }),
                    [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var apiKey = form[AuthorizePage.ApiKeyField].ToString().Trim();
        if (apiKey.Length == 0)
        {
            return ShowKeyFormAgain(context, client, request, "Paste your dryAPI API key.", StatusCodes.Status400BadRequest);
        }

        KeyVerdict verdict;
        try
        {
            verdict = await keyVerifier.CheckAsync(apiKey, context, context.RequestAborted);
        }
        catch (KeyChecksLimitedException limited)
        {
            limited.SetRetryAfter(context.Response);
            return ShowKeyFormAgain(context, client, request, limited.Message, StatusCodes.Status429TooManyRequests);
        }

        return verdict switch
        {
            KeyVerdict.Valid => IssueCode(apiKey),
            KeyVerdict.Invalid => ShowKeyFormAgain(context, client, request,
                "dryAPI did not accept this API key. Check that you copied the whole key from your dryAPI dashboard, and that the account is active.",
                StatusCodes.Status400BadRequest),
            _ => ShowKeyFormAgain(context, client, request,
                "dryAPI could not be reached to check the key. Try again in a moment.", StatusCodes.Status503ServiceUnavailable),
        };
    }

    /// <summary>The client OpenIddict's pipeline verified (with our handler), and the request's parameters; null after an error.</summary>
    private static (OAuthClient Client, AuthorizationRequest Request)? Verified(HttpContext context)
    {
        var transaction = context.Features.Get<OpenIddictServerAspNetCoreFeature>()?.Transaction;
        if (transaction?.GetProperty<OAuthClient>(AuthorizationServerHandlers.VerifiedClient) is not { } client
            || context.GetOpenIddictServerRequest() is not { } request
            || context.GetOpenIddictServerResponse() is { Error: not null })
        {
            return null;
        }

        return (client, new AuthorizationRequest(name => request.GetParameter(name)?.GetRawValue() as string));
    }

    private static IResult Refused(HttpContext context) =>
        AuthorizePage.Error(context.GetOpenIddictServerResponse()?.ErrorDescription ?? "This is not a valid authorization request.");

    private IResult IssueCode(string? apiKey) =>
        Results.SignIn(AuthorizationServerHandlers.Grant(apiKey, urls.Resource), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    private IResult ShowKeyFormAgain(HttpContext context, OAuthClient client, AuthorizationRequest request, string error, int statusCode) =>
        AuthorizePage.KeyForm(client, request, formProtection.Issue(context.Response, request), error, statusCode);
}
