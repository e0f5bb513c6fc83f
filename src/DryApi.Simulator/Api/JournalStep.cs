using System.Text.Json.Nodes;
using DryApi.Simulator.Hosting;
using DryApi.Simulator.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DryApi.Simulator.Api;

/// <summary>
/// First step for requests under <c>/api/</c>: reads the parameters once, for the journal and the steps after,
/// and records the request with the status it finally got, whatever step answered it; then drops the connection
/// when a fault said to. A failure of the simulator itself is logged and answered with dryAPI's 500 body.
/// </summary>
internal sealed partial class JournalStep(RequestDelegate next, SimulatorState state, ILogger<JournalStep> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var apiKey = ApiRequest.BearerToken(context.Request);
        WireRequest wire;
        try
        {
            wire = await WireRequestReader.ReadAsync(context.Request, context.RequestAborted);
        }
        catch (Exception exception) when (exception is BadHttpRequestException or InvalidDataException)
        {
            var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            var unread = Begin(context, apiKey, WireRequest.Empty);
            await ApiResponses.Json(context, status, new JsonObject { ["message"] = "The request body could not be read." });
            state.Journal.Complete(unread, status);
            return;
        }

        var request = new ApiRequest(wire, apiKey);
        context.Features.Set(request);
        var slot = Begin(context, apiKey, wire);
        state.Audit.Check(context.Request.Path.Value ?? "", apiKey, wire.RecordedFields);
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            HandlingFailed(logger, exception, context.Request.Method, context.Request.Path.Value ?? "");
            context.Response.Clear();
            await ApiResponses.Envelope(context, StatusCodes.Status500InternalServerError, "Internal server error");
        }
        finally
        {
            state.Journal.Complete(slot, request.Drop == ConnectionDrop.BeforeHandling ? 0 : context.Response.StatusCode, request.CreatedRequestId);
        }

        // Dropped only once recorded, so whoever sees the connection fail finds the request in the journal.
        if (request.Drop != ConnectionDrop.None)
        {
            context.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The simulator failed while handling {Method} {Path}.")]
    private static partial void HandlingFailed(ILogger logger, Exception exception, string method, string path);

    private RequestJournal.Slot Begin(HttpContext context, string? apiKey, WireRequest wire)
    {
        var request = context.Request;
        return state.Journal.Begin(new RecordedRequest(
            state.Clock.GetUtcNow(),
            request.Method,
            request.Path.Value ?? "",
            ApiRequest.OperationOf(context)?.Contract.OperationId,
            request.QueryString.Value ?? "",
            apiKey,
            request.ContentType,
            request.Headers.Accept.Count == 0 ? null : request.Headers.Accept.ToString(),
            wire.RecordedFields,
            [.. wire.Files.Select(f => new RecordedFile(f.FieldName, f.FileName, f.ContentType, f.Content.LongLength, f.Sha256))],
            0));
    }
}
