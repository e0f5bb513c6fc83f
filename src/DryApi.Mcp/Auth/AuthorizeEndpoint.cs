namespace DryApi.Mcp.Auth;

/// <summary>
/// <c>/authorize</c>: GET shows the page, POST submits it. Until the client and its redirect URI are verified,
/// errors are shown as a page; after, they go back to the client with <c>error</c>, <c>state</c> and <c>iss</c>.
/// A code is issued only for a key dryAPI accepts (clients without a secret) or on consent (the pre-registered client).
/// <c>state</c> is optional (PKCE is not), and echoed when sent.
/// </summary>
internal sealed class AuthorizeEndpoint(
    ClientResolver clients,
    AuthorizeFormProtection formProtection,
    ApiKeyVerifier keyVerifier,
    SealedArtefacts artefacts,
    OAuthUrls urls)
{
    public async Task<IResult> ShowAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var request = AuthorizationRequest.From(name => query.TryGetValue(name, out var value) && value.Count == 1 ? value[0] : null);
        var (client, rejection) = await CheckAsync(request, StatusCodes.Status302Found, context.RequestAborted);
        if (client is null)
        {
            return rejection!;
        }

        var formToken = formProtection.Issue(context.Response, request);
        return client.HasSecret
            ? AuthorizePage.Consent(client, request, formToken)
            : AuthorizePage.KeyForm(client, request, formToken, error: null, StatusCodes.Status200OK);
    }

    public async Task<IResult> SubmitAsync(HttpContext context)
    {
        if (await UrlEncodedForm.ReadAsync(context.Request, context.RequestAborted) is not { } form)
        {
            return AuthorizePage.Error($"The authorize page must be submitted as {UrlEncodedForm.Requirement}.");
        }

        var request = AuthorizationRequest.From(name => form.TryGetValue(name, out var value) && value.Count == 1 ? value[0] : null);
        var (client, rejection) = await CheckAsync(request, StatusCodes.Status303SeeOther, context.RequestAborted);
        if (client is null)
        {
            return rejection!;
        }

        if (!await formProtection.VerifyAsync(context.Request, form[AuthorizeFormProtection.FieldName], request))
        {
            return AuthorizePage.Error("This form has expired or was not sent from this server's page.");
        }

        if (client.HasSecret)
        {
            return form[AuthorizePage.DecisionField] == "approve"
                ? RedirectWithCode(request, apiKey: null)
                : new RedirectResult(
                    request.RedirectWith(urls.Issuer, ("error", "access_denied"), ("error_description", "The user denied access.")), StatusCodes.Status303SeeOther);
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
            KeyVerdict.Valid => RedirectWithCode(request, apiKey),
            KeyVerdict.Invalid => ShowKeyFormAgain(context, client, request,
                "dryAPI did not accept this API key. Check that you copied the whole key from your dryAPI dashboard, and that the account is active.",
                StatusCodes.Status400BadRequest),
            _ => ShowKeyFormAgain(context, client, request,
                "dryAPI could not be reached to check the key. Try again in a moment.", StatusCodes.Status503ServiceUnavailable),
        };
    }

    /// <summary>The verified client, or what to answer: a page before the redirect URI is trusted, a redirect after.</summary>
    private async Task<(OAuthClient? Client, IResult? Rejection)> CheckAsync(AuthorizationRequest request, int redirectStatus, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ClientId))
        {
            return (null, AuthorizePage.Error("The request has no client_id."));
        }

        if (await clients.ResolveAsync(request.ClientId, cancellationToken) is not { } client)
        {
            return (null, AuthorizePage.Error(
                "This application's client_id is not known here: it was not registered with this server, or its metadata document could not be fetched or does not describe it."));
        }

        if (string.IsNullOrEmpty(request.RedirectUri) || !client.Accepts(request.RedirectUri))
        {
            return (null, AuthorizePage.Error("The redirect_uri is missing or is not registered for this application, so this server will not send you there."));
        }

        var error = RedirectableProblem(request);
        return error is null
            ? (client, null)
            : (null, new RedirectResult(request.RedirectWith(urls.Issuer, ("error", error.Value.Error), ("error_description", error.Value.Description)), redirectStatus));
    }

    private (string Error, string Description)? RedirectableProblem(AuthorizationRequest request)
    {
        if (request.ResponseType != "code")
        {
            return ("unsupported_response_type", "Only response_type=code is supported.");
        }

        if (request.CodeChallengeMethod != Pkce.Method || !Pkce.IsWellFormedChallenge(request.CodeChallenge))
        {
            return ("invalid_request", "PKCE is required: send code_challenge (43 characters) with code_challenge_method=S256; plain is not accepted.");
        }

        return request.Resource is { } resource && !urls.IsThisResource(resource)
            ? ("invalid_target", $"resource must be this server's MCP endpoint, {urls.Resource}.")
            : null;
    }

    private IResult ShowKeyFormAgain(HttpContext context, OAuthClient client, AuthorizationRequest request, string error, int statusCode) =>
        AuthorizePage.KeyForm(client, request, formProtection.Issue(context.Response, request), error, statusCode);

    private RedirectResult RedirectWithCode(AuthorizationRequest request, string? apiKey)
    {
        var code = artefacts.SealCode(new AuthorizationGrant(request.ClientId!, request.RedirectUri!, request.CodeChallenge!, request.Resource, apiKey));
        return new RedirectResult(request.RedirectWith(urls.Issuer, ("code", code)), StatusCodes.Status303SeeOther);
    }

    private sealed class RedirectResult(string location, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
