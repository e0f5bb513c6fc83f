using DryApi.Client.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DryApi.Client;

/// <summary>Creates a <see cref="DryApiClient"/> bound to one caller's credential.</summary>
public sealed class DryApiClientFactory
{
    internal const string HttpClientName = "DryApi";

    private readonly IHttpClientFactory httpClientFactory;
    private readonly DryApiResiliencePipelines pipelines;
    private readonly DryApiClientOptions options;
    private readonly ILogger<DryApiClient> logger;

    internal DryApiClientFactory(
        IHttpClientFactory httpClientFactory,
        DryApiResiliencePipelines pipelines,
        IOptions<DryApiClientOptions> options,
        ILogger<DryApiClient> logger)
    {
        this.httpClientFactory = httpClientFactory;
        this.pipelines = pipelines;
        this.options = options.Value;
        this.logger = logger;
    }

    public DryApiClient Create(DryApiCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new DryApiClient(httpClientFactory.CreateClient(HttpClientName), credential, pipelines, options, logger);
    }
}
