using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Simulator.Catalogue;
using DryApi.Simulator.Hosting;
using DryApi.Simulator.Pricing;
using DryApi.Simulator.Validation;
using DryApi.Simulator.Wire;
using Microsoft.AspNetCore.Http;

namespace DryApi.Simulator.Api;

/// <summary>
/// Answers any of the 47 operations from its contract: the body must come in the contract's encoding and pass
/// the contract's and the model's rules; then the response shape decides what happens (a quote, a charge and a
/// queued job, an enhanced prompt, a status, a page of models, the balance).
/// </summary>
internal sealed class OperationHandler(SimulatorState state)
{
    private readonly JobSubmitter _jobs = new(state);
    private readonly JobStatusReporter _status = new(state);
    private readonly ModelPager _models = new(state);

    public Task HandleAsync(HttpContext context, IDryApiOperation operation)
    {
        var request = ApiRequest.Of(context);
        var contract = operation.Contract;
        return contract.Response switch
        {
            ResponseShape.Balance => ApiResponses.Ok(context, new JsonObject { ["balance"] = request.Account!.Balance }),
            ResponseShape.JobStatus => _status.ReportAsync(context, request),
            _ => HandleWithParametersAsync(context, request, contract),
        };
    }

    private async Task HandleWithParametersAsync(HttpContext context, ApiRequest request, OperationContract contract)
    {
        var envelope = EnvelopeOf(contract);
        if (EncodingError(contract, request.Wire) is { } wrongEncoding)
        {
            await ApiResponses.Invalid(context, ApiResponses.Single("content_type", wrongEncoding), envelope);
            return;
        }

        var input = new RequestInput(request.Wire);
        var errors = ContractValidator.Validate(contract, input);
        if (errors.IsEmpty)
        {
            errors = ModelRules.Check(contract, input, state.Catalogue);
        }

        if (!errors.IsEmpty)
        {
            await ApiResponses.Invalid(context, errors, envelope);
            return;
        }

        if (contract.Response == ResponseShape.ModelPage)
        {
            await _models.PageAsync(context, input);
            return;
        }

        var model = ModelRules.ModelSlug(contract, input) is { } slug ? state.Catalogue.Find(slug) : null;
        var price = PriceCalculator.Quote(contract, input, model?.Model.Info);
        if (contract.IsPaid && !request.Account!.TryCharge(price))
        {
            await ApiResponses.Invalid(context, ApiResponses.Single("balance", "Not enough balance."), envelope);
            return;
        }

        JsonNode body = contract.Response switch
        {
            ResponseShape.JobPrice => new JsonObject { ["data"] = new JsonObject { ["price"] = price } },
            ResponseShape.BoosterPrice => new JsonObject { ["price"] = price },
            ResponseShape.JobSubmission => _jobs.Submit(context, request, contract, input, model),
            ResponseShape.EnhancedPrompt => PromptWriter.Enhance(contract, input),
            ResponseShape.SamplePrompt => PromptWriter.Sample(input),
            _ => throw new InvalidOperationException($"No handler for {contract.Response}."),
        };
        await ApiResponses.Ok(context, body);
    }

    /// <summary>The prompt endpoints answer validation errors in the list style; the rest in Laravel's.</summary>
    private static ErrorEnvelope EnvelopeOf(OperationContract contract) =>
        contract.Response is ResponseShape.EnhancedPrompt or ResponseShape.SamplePrompt or ResponseShape.BoosterPrice
            ? ErrorEnvelope.List
            : ErrorEnvelope.Laravel;

    /// <summary>A body in another encoding than the contract's is refused; an empty body is read as no parameters.</summary>
    private static string? EncodingError(OperationContract contract, WireRequest wire) => contract.Encoding switch
    {
        BodyEncoding.Json when wire.SentAs is not (SentBody.Json or SentBody.None) =>
            "The request body must be JSON, sent with Content-Type: application/json.",
        BodyEncoding.Multipart when wire.SentAs is not (SentBody.Multipart or SentBody.None) =>
            "The request body must be multipart/form-data.",
        _ => null,
    };
}
