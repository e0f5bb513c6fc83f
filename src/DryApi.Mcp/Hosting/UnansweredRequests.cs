using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DryApi.Mcp.Hosting;

/// <summary>
/// The requests a stdio session has received and not yet answered, so a stopping server can wait until every answer
/// (a job's request_id included) has been written before it closes the session. Over HTTP, Kestrel does this itself.
/// </summary>
internal sealed class UnansweredRequests
{
    private readonly Lock gate = new();
    private int count;
    private TaskCompletionSource none = NoneNow();

    /// <summary>An incoming-message filter; a request counts until its handler, and so the writing of its response, has finished.</summary>
    public McpMessageFilter Filter => next => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is not JsonRpcRequest)
        {
            await next(context, cancellationToken);
            return;
        }

        Enter();
        try
        {
            await next(context, cancellationToken);
        }
        finally
        {
            Leave();
        }
    };

    /// <summary>Completes when no request is unanswered.</summary>
    public Task AllAnswered
    {
        get
        {
            lock (gate)
            {
                return none.Task;
            }
        }
    }

    private void Enter()
    {
        lock (gate)
        {
            if (count++ == 0)
            {
                none = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private void Leave()
    {
        lock (gate)
        {
            if (--count == 0)
            {
                none.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource NoneNow()
    {
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        completed.SetResult();
        return completed;
    }
}
