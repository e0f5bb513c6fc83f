using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Client.Requests;
using DryApi.Mcp.Tools.Models;

namespace DryApi.Mcp.Tools.Files;

/// <summary>
/// The files of one call, ready before the tool resolves its arguments: every list of files within its cap, the URLs
/// downloaded (all within one deadline), the long base64 values the endpoint took out of the body, and a tally of the
/// bytes the call holds. The capabilities' resolvers are synchronous and shared by a tool and its price twin, so
/// <see cref="FileArgument"/> finds the files here (through <see cref="Current"/>, during <see cref="Apply{TResult}"/>)
/// and a quote reads exactly what a run reads.
/// </summary>
internal sealed class CallFiles
{
    /// <summary>The most files one list parameter (<c>images</c>) takes when the model does not say.</summary>
    public const int DefaultMaxListItems = 8;

    /// <summary>The model limit that caps each list parameter, where dryAPI's model list has one.</summary>
    private static readonly Dictionary<string, string> ListLimits = new(StringComparer.Ordinal) { ["images"] = "max_input_images" };

    private static readonly AsyncLocal<CallFiles?> CurrentCall = new();

    private readonly Dictionary<(string Argument, string Url), DryApiFile> downloaded = [];
    private readonly ToolCallBody body;
    private readonly long maxBytes;
    private long heldBytes;

    private CallFiles(ToolCallBody body, long maxBytes)
    {
        this.body = body;
        this.maxBytes = maxBytes;
    }

    /// <summary>The files of the call whose arguments are being resolved, if any.</summary>
    public static CallFiles? Current => CurrentCall.Value;

    /// <summary>
    /// Checks the list lengths of <paramref name="operation"/>'s file fields against <paramref name="model"/>'s limits
    /// (or <see cref="DefaultMaxListItems"/>), then downloads every URL given for them (a list field's items are named
    /// <c>images[0]</c>, <c>images[1]</c>, …, as <see cref="FileArgument"/> names them).
    /// </summary>
    public static async Task<CallFiles> PrepareAsync(
        IDictionary<string, JsonElement>? arguments, IDryApiOperation operation, ModelChoice? model, CallFileLimits limits, CancellationToken cancellationToken)
    {
        var files = new CallFiles(limits.Body, limits.MaxBytesPerCall);
        var fields = operation.Contract.Fields.Where(field => field.File is not null).ToList();
        foreach (var field in fields.Where(field => field.Name.EndsWith("[]", StringComparison.Ordinal)))
        {
            CheckListLength(arguments, field.Name[..^2], model);
        }

        var clock = Stopwatch.StartNew();
        foreach (var field in fields)
        {
            var parameter = field.Name.Replace("[]", string.Empty, StringComparison.Ordinal);
            foreach (var (argument, url) in Urls(arguments, parameter))
            {
                if (!files.downloaded.ContainsKey((argument, url)))
                {
                    var allowance = new DownloadAllowance(limits.Downloader.Timeout - clock.Elapsed, files.maxBytes - files.heldBytes);
                    var file = await limits.Downloader.DownloadAsync(argument, parameter, url, field.File!, allowance, cancellationToken);
                    files.downloaded[(argument, url)] = files.Held(argument, file);
                }
            }
        }

        return files;
    }

    /// <summary>The base64 text a placeholder of the request body stands for, or null when <paramref name="value"/> is none.</summary>
    public ReadOnlyMemory<byte>? Detached(string value) => body.Find(value);

    /// <summary>The file downloaded for <paramref name="argument"/> from <paramref name="url"/>, if any.</summary>
    public DryApiFile? Downloaded(string argument, string url) => downloaded.GetValueOrDefault((argument, url));

    /// <summary>Counts <paramref name="file"/> against the bytes one call may hold.</summary>
    public DryApiFile Held(string argument, DryApiFile file)
    {
        heldBytes += file.Content.Length;
        if (heldBytes > maxBytes)
        {
            throw new ToolArgumentException(argument,
                $"with this file the call's files add up to {FileArgument.Megabytes(heldBytes)} MB, more than this server's limit of " +
                $"{FileArgument.Megabytes(maxBytes)} MB per call (Mcp:MaxFileBytesPerCall). Pass fewer or smaller files.");
        }

        return file;
    }

    /// <summary>Runs <paramref name="resolve"/> with these files visible to <see cref="FileArgument"/>.</summary>
    public TResult Apply<TResult>(Func<TResult> resolve)
    {
        var previous = CurrentCall.Value;
        CurrentCall.Value = this;
        try
        {
            return resolve();
        }
        finally
        {
            CurrentCall.Value = previous;
        }
    }

    private static void CheckListLength(IDictionary<string, JsonElement>? arguments, string parameter, ModelChoice? model)
    {
        if (arguments is null || !arguments.TryGetValue(parameter, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var limitName = ListLimits.GetValueOrDefault(parameter);
        var modelLimit = limitName is null ? null : model?.Limit(limitName);
        var cap = modelLimit is { } byModel ? (int)byModel : DefaultMaxListItems;
        var count = list.GetArrayLength();
        if (count > cap)
        {
            var whose = modelLimit is null
                ? $"this server takes at most {cap.ToString(CultureInfo.InvariantCulture)} per call"
                : $"{model!.Slug} takes at most {cap.ToString(CultureInfo.InvariantCulture)} (its limits.{limitName})";
            throw new ToolArgumentException(parameter,
                $"{count.ToString(CultureInfo.InvariantCulture)} files given; {whose}. Pass at most {cap.ToString(CultureInfo.InvariantCulture)}, " +
                "or name a model that takes more in 'model' (get_available_models lists each model's limits).");
        }
    }

    private static IEnumerable<(string Argument, string Url)> Urls(IDictionary<string, JsonElement>? arguments, string parameter)
    {
        if (arguments is null || !arguments.TryGetValue(parameter, out var value))
        {
            yield break;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is var single && FileDownloader.IsUrl(single))
        {
            yield return (parameter, single);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString()!.Trim() is var listed && FileDownloader.IsUrl(listed))
                {
                    yield return ($"{parameter}[{index.ToString(CultureInfo.InvariantCulture)}]", listed);
                }

                index++;
            }
        }
    }
}

/// <summary>What bounds the files of one call: the downloader (and its one deadline), the bytes one call may hold, and the request body's detached values.</summary>
internal sealed record CallFileLimits(FileDownloader Downloader, long MaxBytesPerCall, ToolCallBody Body);

/// <summary>What is left of a call's download deadline and byte allowance when one more URL is fetched.</summary>
internal sealed record DownloadAllowance(TimeSpan TimeLeft, long BytesLeft);
