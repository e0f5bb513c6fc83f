using System.Text;
using System.Text.Json.Nodes;
using DryApi.Client.Responses;
using DryApi.Simulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DryApi.Simulator.Api;

/// <summary>Answers <c>request-status/{request_id}</c> for the caller's own jobs, with signed result URLs once done.</summary>
internal sealed class JobStatusReporter(SimulatorState state)
{
    public Task ReportAsync(HttpContext context, ApiRequest request)
    {
        var requestId = context.GetRouteValue("request_id") as string ?? "";
        var job = state.Jobs.FindOwned(requestId, request.ApiKey!);
        if (job is null)
        {
            if (state.Jobs.Find(requestId) is { } foreign)
            {
                state.Audit.ForeignJob(context.Request.Path.Value ?? "", request.ApiKey, foreign.OwnerKey);
            }

            return ApiResponses.RequestNotFound(context);
        }

        var jobState = job.StateAt(state.Clock.GetUtcNow());
        var data = new JsonObject
        {
            ["status"] = jobState.Status,
            ["progress"] = jobState.Progress,
            ["preview"] = null,
            ["result_url"] = null,
            ["results_alt_formats"] = null,
            ["result"] = null,
        };

        if (jobState.Status == JobStatuses.Done)
        {
            var baseAddress = new Uri($"{context.Request.Scheme}://{context.Request.Host}/");
            var result = job.Result;
            data["result_url"] = state.Signer.Sign(baseAddress, job.Id, result.Main.Name);
            if (result.Alternatives.Count > 0)
            {
                var alternatives = new JsonObject();
                foreach (var file in result.Alternatives)
                {
                    alternatives[Path.GetExtension(file.Name).TrimStart('.')] = state.Signer.Sign(baseAddress, job.Id, file.Name);
                }

                data["results_alt_formats"] = alternatives;
            }

            if (job.ResultInResponse)
            {
                data["result"] = Encoding.UTF8.GetString(result.Main.Content);
            }
        }
        else if (jobState.Status == JobStatuses.Error && job.Failure is { } failure)
        {
            data["error_code"] = failure.Code;
            data["error"] = failure.Message;
        }

        return ApiResponses.Ok(context, new JsonObject { ["data"] = data });
    }
}
