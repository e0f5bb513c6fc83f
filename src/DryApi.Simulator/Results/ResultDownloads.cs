using DryApi.Client.Responses;
using DryApi.Simulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DryApi.Simulator.Results;

/// <summary>Serves a finished job's files at their signed URLs (<c>/_sim/results/{id}/{file}</c>).</summary>
internal sealed class ResultDownloads(SimulatorState state)
{
    public async Task ServeAsync(HttpContext context)
    {
        switch (state.Faults.TakeForResultDownload(context.Request.Path.Value ?? ""))
        {
            case { Kind: FaultKind.DropBeforeHandling }:
                context.Abort();
                return;
            case { Kind: FaultKind.Slow } slow:
                await Task.Delay(slow.Delay, state.Stopping);
                break;
            case { } status:
                await Plain(context, status.StatusCode, "The result could not be served.");
                return;
        }

        await ServeFileAsync(context);
    }

    private Task ServeFileAsync(HttpContext context)
    {

        var id = context.GetRouteValue("id") as string;
        var fileName = context.GetRouteValue("file") as string ?? "";
        if (!Guid.TryParse(id, out var jobId) || state.Jobs.Find(jobId) is not { } job)
        {
            return Plain(context, StatusCodes.Status404NotFound, "Not found.");
        }

        if (!state.Signer.IsValid(jobId, fileName, context.Request.Query["expires"], context.Request.Query["signature"]))
        {
            return Plain(context, StatusCodes.Status403Forbidden, "Invalid signature.");
        }

        if (job.StateAt(state.Clock.GetUtcNow()).Status != JobStatuses.Done || job.Result.File(fileName) is not { } file)
        {
            return Plain(context, StatusCodes.Status404NotFound, "Not found.");
        }

        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Content.Length;
        return context.Response.Body.WriteAsync(file.Content, context.RequestAborted).AsTask();
    }

    private static Task Plain(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}
