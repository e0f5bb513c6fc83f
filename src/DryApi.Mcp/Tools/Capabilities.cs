using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Mcp.Tools.Models;
using DryApi.Mcp.Tools.Results;

namespace DryApi.Mcp.Tools;

/// <summary>One dryAPI capability, declared once; it yields its paid tool and its free <c>_price</c> twin.</summary>
internal interface ICapability
{
    IEnumerable<DryApiTool> Tools();
}

/// <summary>
/// An asynchronous job capability. <see cref="Resolve"/> turns the tool's arguments into the job request against the
/// chosen model (its defaults fill omitted values, its limits check given ones); the price tool quotes
/// <see cref="ToQuote"/> of that same request, so a quote and a run always carry the same parameters.
/// </summary>
internal sealed record JobCapability<TArguments, TJob, TQuote>(
    ToolCard Card,
    string PriceDescription,
    DryApiOperation<TJob, JobSubmission> Run,
    DryApiOperation<TQuote, PriceQuote> Quote,
    Func<TArguments, ModelChoice, TJob> Resolve,
    Func<TJob, TQuote> ToQuote) : ICapability
    where TArguments : JobArguments
    where TJob : class
    where TQuote : class
{
    public IEnumerable<DryApiTool> Tools() =>
    [
        new JobTool<TArguments, TJob>(Card, Run, Resolve, async (client, job, token) => (await client.SendAsync(Quote, ToQuote(job), token)).Price),
        new QuoteTool<TArguments, TQuote>(
            Card.PriceTwin(PriceDescription), Card.Name, Quote,
            async (call, arguments, token) =>
            {
                var (request, model) = await call.ResolveWithModelAsync(arguments, Run, (bound, model) => ToQuote(Resolve(bound, model)), token);
                return new Resolved<TQuote>(request, model);
            }),
    ];
}

/// <summary>A synchronous, paid capability (prompt boosters, sample prompts) with its free <c>_price</c> twin.</summary>
internal sealed record SyncCapability<TArguments, TRequest, TResponse, TOutcome>(
    ToolCard Card,
    string PriceDescription,
    DryApiOperation<TRequest, TResponse> Run,
    DryApiOperation<TRequest, PriceQuote> Quote,
    Func<TArguments, TRequest> Resolve,
    Func<TResponse, TOutcome> ToOutcome) : ICapability
    where TArguments : PaidArguments
    where TRequest : class
    where TResponse : class
    where TOutcome : PaidOutcome
{
    public IEnumerable<DryApiTool> Tools() =>
    [
        new SyncTool<TArguments, TRequest, TResponse, TOutcome>(
            Card, Run, Resolve, ToOutcome, async (client, request, token) => (await client.SendAsync(Quote, request, token)).Price),
        new QuoteTool<TArguments, TRequest>(
            Card.PriceTwin(PriceDescription), Card.Name, Quote,
            async (call, arguments, token) => new Resolved<TRequest>(await call.ResolveAsync(arguments, Run, Resolve, token), null)),
    ];
}
