using DryApi.Client.Contract;

namespace DryApi.Client;

/// <summary>What the client puts on every <see cref="HttpRequestMessage"/> it sends, for handlers on its HttpClient (telemetry).</summary>
public static class DryApiRequestOptions
{
    /// <summary>The operation a request belongs to; its path is the template (<c>request-status/{request_id}</c>), without values.</summary>
    public static readonly HttpRequestOptionsKey<OperationContract> Operation = new("DryApi.Operation");
}
