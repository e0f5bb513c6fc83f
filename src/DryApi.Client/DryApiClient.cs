using System.Globalization;
using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Client.Errors;
using DryApi.Client.Http;
using DryApi.Client.Requests;
using DryApi.Client.Resilience;
using DryApi.Client.Responses;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DryApi.Client;

/// <summary>
/// dryAPI for one caller: every operation of <see cref="DryApiOperations"/>, sent with that caller's key.
/// Create one per request with <see cref="DryApiClientFactory"/>.
/// </summary>
public sealed partial class DryApiClient
{
    private readonly HttpClient http;
    private readonly DryApiCredential credential;
    private readonly DryApiResiliencePipelines pipelines;
    private readonly DryApiClientOptions options;
    private readonly ILogger logger;

    internal DryApiClient(
        HttpClient http, DryApiCredential credential, DryApiResiliencePipelines pipelines, DryApiClientOptions options, ILogger logger)
    {
        this.http = http;
        this.credential = credential;
        this.pipelines = pipelines;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>
    /// Sends one operation. A paid submission is sent at most once unless dryAPI certainly refused it (429, or no
    /// connection), so it is never charged twice; if its answer is lost, <see cref="DryApiUncertainSubmissionException"/> says so.
    /// </summary>
    /// <exception cref="DryApiException">dryAPI refused or failed the operation; the subtype says why.</exception>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        DryApiOperation<TRequest, TResponse> operation, TRequest request, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : class =>
        (TResponse)await SendAsync((IDryApiOperation)operation, request, cancellationToken);

    /// <summary>Sends one operation whose types are known only at run time; <paramref name="request"/> must be of its request type.</summary>
    /// <returns>An instance of the operation's response type.</returns>
    public async Task<object> SendAsync(IDryApiOperation operation, object request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        if (!operation.RequestType.IsInstanceOfType(request))
        {
            throw new ArgumentException($"{operation} takes a {operation.RequestType.Name}, not a {request.GetType().Name}.", nameof(request));
        }

        var contract = operation.Contract;
        var body = await ExchangeAsync(contract, operation.RequestType, request, cancellationToken);
        try
        {
            return ResponseReader.Read(contract, operation.ResponseType, body);
        }
        catch (JsonException exception) when (contract.IsPaid)
        {
            throw Uncertain(contract, "its answer could not be read", exception);
        }
        catch (JsonException exception)
        {
            throw new DryApiProtocolException(
                $"dryAPI {Describe(contract)} answered with a body that is not the documented JSON ({exception.Message}).", null, exception);
        }
    }

    /// <summary>
    /// The rate-limit headers of this client's last answer (a 429 included), so a caller can pace its next requests of
    /// the same endpoint; null when that answer had none or no answer came. One client serves one call.
    /// </summary>
    public RateLimitReading? LastRateLimit { get; private set; }

    public Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        SendAsync(DryApiOperations.Balance, NoParameters.Instance, cancellationToken);

    public Task<JobStatus> GetJobStatusAsync(string requestId, CancellationToken cancellationToken = default) =>
        SendAsync(DryApiOperations.RequestStatus, new JobStatusRequest { RequestId = requestId }, cancellationToken);

    /// <summary>Every model dryAPI lists (all pages), optionally only those of the given inference types.</summary>
    public async Task<ModelCatalog> GetModelsAsync(
        IReadOnlyList<string>? inferenceTypes = null, CancellationToken cancellationToken = default)
    {
        var models = new List<DryApiModel>();
        for (var page = 1; ; page++)
        {
            var result = await SendAsync(
                DryApiOperations.Models,
                new ModelsPageRequest { Page = page, PerPage = options.ModelsPageSize, InferenceTypes = inferenceTypes },
                cancellationToken);
            models.AddRange(result.Models);
            if (result.CurrentPage >= result.LastPage || result.Models.Count == 0)
            {
                return new ModelCatalog(models);
            }
        }
    }

    private async Task<string> ExchangeAsync(OperationContract contract, Type requestType, object request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        LastRateLimit = null;
        try
        {
            response = await pipelines.For(contract).ExecuteAsync(
                async token =>
                {
                    using var message = RequestMessageFactory.Create(contract, requestType, request, credential);
                    return await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, token);
                },
                cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw Failed(contract, exception);
        }
        catch (BrokenCircuitException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, contract.Path, "circuit open");
            throw new DryApiUnavailableException(pipelines.Refusal(exception, contract), exception);
        }

        using (response)
        {
            LastRateLimit = RateLimitReading.Of(response);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            LogAnswered(logger, contract.Path, (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                throw ErrorResponseReader.Read(contract, response, body);
            }

            return body;
        }
    }

    private DryApiException Failed(OperationContract contract, Exception exception)
    {
        var timedOut = exception is TimeoutRejectedException;
        var reason = timedOut
            ? $"dryAPI did not answer within {pipelines.AttemptTimeout(contract).TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
            : $"the connection failed ({exception.Message})";
        LogFailed(logger, contract.Path, timedOut ? "timeout" : "connection");

        if (contract.IsPaid && !DryApiResiliencePipelines.NeverSent(exception))
        {
            return Uncertain(contract, reason, exception);
        }

        var outcome = contract.IsPaid ? " Nothing was submitted." : string.Empty;
        return new DryApiUnavailableException($"dryAPI {Describe(contract)} could not be completed: {reason}.{outcome} Try again shortly.", exception);
    }

    private static DryApiUncertainSubmissionException Uncertain(OperationContract contract, string reason, Exception exception) =>
        new($"dryAPI {Describe(contract)} may have been accepted, but {reason}. The job may be queued and charged, so it was " +
            "not sent again. Check your dryAPI dashboard before submitting it again.", exception);

    private static string Describe(OperationContract contract) => $"{contract.Verb.ToString().ToUpperInvariant()} {contract.Path}";

    [LoggerMessage(Level = LogLevel.Debug, Message = "dryAPI {Path} answered {StatusCode}")]
    private static partial void LogAnswered(ILogger logger, string path, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "dryAPI {Path} failed: {Failure}")]
    private static partial void LogFailed(ILogger logger, string path, string failure);
}
