using System.Collections.Concurrent;
using DryApi.Client.Responses;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tools.Models;

/// <summary>
/// dryAPI's model list per API key (by credential fingerprint): the first call waits for it; once it is older than
/// <see cref="ModelCatalogOptions.CacheDuration"/> the stale copy is served while one background fetch replaces it.
/// </summary>
internal sealed partial class ModelCatalogCache(IOptions<ModelCatalogOptions> options, TimeProvider time, ILogger<ModelCatalogCache> logger)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public Task<ModelCatalog> GetAsync(string key, Func<CancellationToken, Task<ModelCatalog>> fetch, CancellationToken cancellationToken)
    {
        var entry = entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (entry.Catalog is { } cached)
            {
                if (time.GetUtcNow() - entry.FetchedAt >= options.Value.CacheDuration && entry.Loading is not { IsCompleted: false })
                {
                    entry.Loading = LoadAsync(entry, fetch);
                    _ = ObserveAsync(entry.Loading);
                }

                return Task.FromResult(cached);
            }

            return StartLoad(entry, fetch).WaitAsync(cancellationToken);
        }
    }

    /// <summary>Fetches the list now (joining a fetch already under way), for a slug the cached copy does not know.</summary>
    public Task<ModelCatalog> RefreshAsync(string key, Func<CancellationToken, Task<ModelCatalog>> fetch, CancellationToken cancellationToken)
    {
        var entry = entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            return StartLoad(entry, fetch).WaitAsync(cancellationToken);
        }
    }

    private Task<ModelCatalog> StartLoad(Entry entry, Func<CancellationToken, Task<ModelCatalog>> fetch) =>
        entry.Loading is { IsCompleted: false } loading ? loading : entry.Loading = LoadAsync(entry, fetch);

    /// <summary>A shared fetch is not tied to the caller that started it, so one caller's cancellation cannot fail the others.</summary>
    private async Task<ModelCatalog> LoadAsync(Entry entry, Func<CancellationToken, Task<ModelCatalog>> fetch)
    {
        var catalog = await fetch(CancellationToken.None);
        lock (entry)
        {
            entry.Catalog = catalog;
            entry.FetchedAt = time.GetUtcNow();
        }

        return catalog;
    }

    private async Task ObserveAsync(Task refresh)
    {
        try
        {
            await refresh;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRefreshFailed(logger, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing a cached dryAPI model list failed ({ErrorType}); the previous copy stays in use.")]
    private static partial void LogRefreshFailed(ILogger logger, string errorType);

    private sealed class Entry
    {
        public ModelCatalog? Catalog { get; set; }

        public DateTimeOffset FetchedAt { get; set; }

        public Task<ModelCatalog>? Loading { get; set; }
    }
}
