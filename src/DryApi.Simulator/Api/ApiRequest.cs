using DryApi.Client.Contract;
using DryApi.Simulator.Wire;
using Microsoft.AspNetCore.Http;

namespace DryApi.Simulator.Api;

/// <summary>A connection a fault drops unanswered, before or after the request was handled.</summary>
internal enum ConnectionDrop
{
    None,
    BeforeHandling,
    AfterHandling,
}

/// <summary>What the pipeline has learnt about a request under <c>/api/</c>, kept on its <see cref="HttpContext"/>.</summary>
internal sealed class ApiRequest(WireRequest wire, string? apiKey)
{
    public WireRequest Wire { get; } = wire;

    /// <summary>The bearer token as sent, whether or not it is a known key.</summary>
    public string? ApiKey { get; } = apiKey;

    /// <summary>The account of <see cref="ApiKey"/>, once authentication has accepted it.</summary>
    public SimulatorAccounts.Account? Account { get; set; }

    /// <summary>The <c>request_id</c> of the job this request queued, for the journal.</summary>
    public string? CreatedRequestId { get; set; }

    /// <summary>Whether, and when, a fault drops the connection instead of answering.</summary>
    public ConnectionDrop Drop { get; set; }

    public static ApiRequest Of(HttpContext context) =>
        context.Features.Get<ApiRequest>() ?? throw new InvalidOperationException("The request did not pass through the API pipeline.");

    /// <summary>The dryAPI operation the request was routed to, or null for an unknown route.</summary>
    public static IDryApiOperation? OperationOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IDryApiOperation>();

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}
