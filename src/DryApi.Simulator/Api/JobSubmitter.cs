using System.Text.Json.Nodes;
using DryApi.Client.Contract;
using DryApi.Client.Responses;
using DryApi.Simulator.Catalogue;
using DryApi.Simulator.Hosting;
using DryApi.Simulator.Jobs;
using DryApi.Simulator.Wire;
using Microsoft.AspNetCore.Http;

namespace DryApi.Simulator.Api;

/// <summary>Queues a validated, paid job and answers its <c>request_id</c>; a matching job fault decides how it ends.</summary>
internal sealed class JobSubmitter(SimulatorState state)
{
    private const string DefaultFailureMessage = "The job failed while processing.";

    public JsonNode Submit(HttpContext context, ApiRequest request, OperationContract contract, RequestInput input, CatalogueModel? model)
    {
        var id = Guid.NewGuid();
        var fault = state.Faults.Take(request.ApiKey, context.Request.Path.Value ?? "", FaultKind.JobError, FaultKind.JobStuck);
        var job = new SimulatedJob(
            id,
            request.ApiKey!,
            state.Clock.GetUtcNow(),
            JobTiming.For(contract.JobKind ?? JobKind.Text, state.Options),
            ResultPlanner.Plan(contract, input, model?.Model.Info ?? ModelInfo.Empty, id),
            input.Boolean("return_result_in_response") == true)
        {
            Failure = fault is { Kind: FaultKind.JobError } ? new JobFailure(fault.ErrorCode, fault.ErrorMessage ?? DefaultFailureMessage) : null,
            Stuck = fault is { Kind: FaultKind.JobStuck },
        };
        state.Jobs.Add(job);
        if (input.String("webhook_url") is { } webhookUrl)
        {
            state.WebhookSender.Follow(job, webhookUrl, contract.InferenceType ?? "", new Uri($"{context.Request.Scheme}://{context.Request.Host}/"));
        }

        request.CreatedRequestId = id.ToString("D");
        return new JsonObject { ["data"] = new JsonObject { ["request_id"] = id.ToString("D") } };
    }
}
