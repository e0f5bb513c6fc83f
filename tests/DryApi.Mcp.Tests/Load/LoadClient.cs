using System.Diagnostics;
using System.Text.Json;
using DryApi.Mcp.Tests.Support;
using DryApi.Simulator;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DryApi.Mcp.Tests.Load;

/// <summary>
/// One agent of a load run: its own key and balance, and a marker (<c>load-client-017</c>) in every request it makes
/// that has a text field, so the simulator's audit can tell whose request each one is. It loops over a mix of tools
/// and checks that every job it is handed was created under its own key and every balance it reads is its own.
/// </summary>
internal sealed class LoadClient(int number, string key, decimal startingBalance, McpClient client, RunningSimulator simulator, LoadTally tally)
{
    private static readonly string[] Mix =
    [
        "get_balance", "text_to_image_price", "text_to_image", "check_job_status", "text_to_audio", "audio_url_transcription", "text_to_embedding",
    ];

    private string? _lastRequestId;

    public string Marker { get; } = $"load-client-{number:D3}";

    /// <summary>Calls tools, starting at a different point of the mix for each client, until <paramref name="run"/> reaches <paramref name="duration"/>.</summary>
    public async Task RunAsync(Stopwatch run, TimeSpan duration, CancellationToken cancellationToken)
    {
        for (var step = number; run.Elapsed < duration; step++)
        {
            var tool = Mix[step % Mix.Length];
            if (tool == "check_job_status" && _lastRequestId is null)
            {
                continue;
            }

            await CallAsync(tool, cancellationToken);
        }
    }

    private async Task CallAsync(string tool, CancellationToken cancellationToken)
    {
        CallToolResult result;
        try
        {
            result = await client.CallToolAsync(tool, WithNewJob(tool, Arguments(tool)), cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            tally.Failed(tool, $"{exception.GetType().Name}: {exception.Message}");
            return;
        }

        if (result.IsError == true || result.StructuredContent is not { } outcome)
        {
            tally.Failed(tool, $"error result: {result.Text()}");
            return;
        }

        switch (tool)
        {
            case "get_balance":
                CheckBalance(tool, outcome.GetProperty("balance_usd").GetDecimal());
                break;
            case "text_to_image_price":
                CheckPrice(tool, outcome.GetProperty("price_usd").GetDecimal());
                break;
            default:
                CheckJob(tool, outcome);
                break;
        }
    }

    /// <summary>Every paid call is a job of its own, so a repeated call measures a submission, not a followed duplicate.</summary>
    private static Dictionary<string, object?> WithNewJob(string tool, Dictionary<string, object?> arguments)
    {
        if (tool is not ("get_balance" or "check_job_status") && !tool.EndsWith("_price", StringComparison.Ordinal))
        {
            arguments["new_job"] = true;
        }

        return arguments;
    }

    private Dictionary<string, object?> Arguments(string tool) => tool switch
    {
        "get_balance" => [],
        "text_to_image" or "text_to_image_price" => new()
        {
            ["prompt"] = $"a lighthouse at dawn, {Marker}", ["model"] = "Flux1schnell", ["width"] = 256, ["height"] = 256, ["steps"] = 4, ["seed"] = number,
        },
        "check_job_status" => new() { ["request_id"] = _lastRequestId, ["wait_seconds"] = 10 },
        "text_to_audio" => new()
        {
            ["text"] = $"Hello from {Marker}.", ["model"] = "Kokoro", ["voice"] = "af_sky", ["lang"] = "en-us", ["format"] = "wav", ["sample_rate"] = 16000,
        },
        "audio_url_transcription" => new() { ["audio_url"] = $"https://twitter.com/i/spaces/{Marker}", ["include_ts"] = false, ["model"] = "WhisperLargeV3" },
        "text_to_embedding" => new() { ["input"] = new[] { $"{Marker} one", "two" }, ["model"] = "Bge_M3_FP16" },
        _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, "Not in the mix."),
    };

    private void CheckBalance(string tool, decimal balance)
    {
        // The balance is read while this client's jobs are charged, so it lies between what the account had and has;
        // every client's account starts 10,000 USD apart, far more than a run spends, so another's cannot fall in it.
        var now = simulator.Accounts.BalanceOf(key);
        if (balance > startingBalance || balance < now)
        {
            tally.Leaked(tool, $"{Marker} read a balance of {balance} USD, outside its own {now}..{startingBalance}");
            return;
        }

        tally.Succeeded(tool);
    }

    private void CheckPrice(string tool, decimal price)
    {
        if (price <= 0)
        {
            tally.Failed(tool, $"a price of {price} USD");
            return;
        }

        tally.Succeeded(tool);
    }

    private void CheckJob(string tool, JsonElement outcome)
    {
        var requestId = outcome.GetProperty("request_id").GetString()!;
        var owner = simulator.JobOwner(requestId);
        if (owner != key)
        {
            tally.Leaked(tool, $"{Marker} was handed job {requestId}, created {(owner is null ? "by no key the simulator knows" : "under another client's key")}");
            return;
        }

        _lastRequestId = requestId;
        switch (outcome.GetProperty("status").GetString())
        {
            case "done":
                tally.Succeeded(tool);
                break;
            case "pending" or "processing":
                tally.Unfinished(tool);
                break;
            case var status:
                tally.Failed(tool, $"job {requestId} ended {status}");
                break;
        }
    }
}
