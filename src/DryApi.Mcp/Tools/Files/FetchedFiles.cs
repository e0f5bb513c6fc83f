using System.Globalization;
using System.Text.Json;
using DryApi.Client.Contract;
using DryApi.Client.Requests;

namespace DryApi.Mcp.Tools.Files;

/// <summary>
/// The files a call's URL-valued file arguments point at, downloaded before the tool resolves its arguments. The
/// capabilities' resolvers are synchronous and shared by a tool and its price twin, so <see cref="FileArgument"/> finds
/// the bytes here (for the duration of <see cref="Apply{TResult}"/>) instead of fetching them itself.
/// </summary>
internal sealed class FetchedFiles
{
    private static readonly AsyncLocal<FetchedFiles?> Current = new();

    private readonly Dictionary<(string Argument, string Url), DryApiFile> files;

    private FetchedFiles(Dictionary<(string Argument, string Url), DryApiFile> files) => this.files = files;

    /// <summary>The file fetched for <paramref name="argument"/> from <paramref name="url"/> in the resolving call, if any.</summary>
    public static DryApiFile? Find(string argument, string url) => Current.Value?.files.GetValueOrDefault((argument, url));

    /// <summary>
    /// Downloads every URL given for a file field of <paramref name="operation"/> (a list field's items are named
    /// <c>images[0]</c>, <c>images[1]</c>, …, as <see cref="FileArgument"/> names them).
    /// </summary>
    public static async Task<FetchedFiles> DownloadAsync(
        IDictionary<string, JsonElement>? arguments, IDryApiOperation operation, FileDownloader downloader, CancellationToken cancellationToken)
    {
        var files = new Dictionary<(string Argument, string Url), DryApiFile>();
        foreach (var field in operation.Contract.Fields.Where(field => field.File is not null))
        {
            var parameter = field.Name.Replace("[]", string.Empty, StringComparison.Ordinal);
            foreach (var (argument, url) in Urls(arguments, parameter))
            {
                if (!files.ContainsKey((argument, url)))
                {
                    files[(argument, url)] = await downloader.DownloadAsync(argument, parameter, url, field.File!, cancellationToken);
                }
            }
        }

        return new FetchedFiles(files);
    }

    /// <summary>Runs <paramref name="resolve"/> with these files visible to <see cref="Find"/>.</summary>
    public TResult Apply<TResult>(Func<TResult> resolve)
    {
        var previous = Current.Value;
        Current.Value = this;
        try
        {
            return resolve();
        }
        finally
        {
            Current.Value = previous;
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
