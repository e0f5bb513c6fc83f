using DryApi.Client.Responses;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tools.Models;

/// <summary>
/// dryAPI's model list per API key (by credential fingerprint): the first call waits for it; once it is older than
/// <see cref="ModelCatalogOptions.CacheDuration"/> the stale copy is served while one background fetch replaces it.
/// Only fetched lists are kept, at most <see cref="ModelCatalogOptions.MaxCachedKeys"/> (the least recently used go
/// first), each dropped once unused for twice the cache duration; a failed fetch leaves nothing behind.
/// </summary>
internal sealed partial class ModelCatalogCache : IDisposable
{
    private readonly MemoryCache catalogs;
    private readonly Dictionary<string, Task<ModelCatalog>> loads = new(StringComparer.Ordinal);
    private readonly TimeSpan cacheDuration;
    private readonly TimeProvider time;
    private readonly ILogger<ModelCatalogCache> logger;

    public ModelCatalogCache(IOptions<ModelCatalogOptions> options, TimeProvider time, ILogger<ModelCatalogCache> logger)
    {
        cacheDuration = options.Value.CacheDuration;
        this.time = time;
        this.logger = logger;
        catalogs = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxCachedKeys, Clock = new Clock(time) });
    }

    /// <summary>Keys whose list is held now.</summary>
    public int Count => catalogs.Count;

    public Task<ModelCatalog> GetAsync(string key, Func<CancellationToken, Task<ModelCatalog>> fetch, CancellationToken cancellationToken)
    {
        if (!catalogs.TryGetValue(key, out Cached? cached) || cached is null)
        {
            return LoadAsync(key, fetch).WaitAsync(cancellationToken);
        }

        if (time.GetUtcNow() - cached.FetchedAt >= cacheDuration)
        {
            RefreshInBackground(key, fetch);
        }

        return Task.FromResult(cached.Catalog);
    }

    /// <summary>Fetches the list now (joining a fetch already under way), for a slug the cached copy does not know.</summary>
    public Task<ModelCatalog> RefreshAsync(string key, Func<CancellationToken, Task<ModelCatalog>> fetch, CancellationToken cancellationToken) =>
        LoadAsync(key, fetch).WaitAsync(cancellationToken);

    public void Dispose() => catalogs.Dispose();

    /// <summary>Starts a fetch unless one is under way; its failure is logged once, and the stale copy stays in use.</summary>
    private void RefreshInBackground(string key, Func<CancellationToken, Task<ModelCatalog>> fetch)
    {
        lock (loads)
        {
            if (!loads.ContainsKey(key))
            {
                _ = ObserveAsync(LoadAsync(key, fetch));
            }
        }
    }

    /// <summary>The fetch under way for the key, or a new one; it is forgotten when it ends, whether it succeeded or failed.</summary>
    private Task<ModelCatalog> LoadAsync(string key, Func<CancellationToken, Task<ModelCatalog>> fetch)
    {
        lock (loads)
        {
            if (loads.TryGetValue(key, out var running))
            {
                return running;
            }

            var load = FetchAsync(key, fetch);
            if (!load.IsCompleted)
            {
                loads[key] = load;
            }

            return load;
        }
    }

    /// <summary>A shared fetch is not tied to the caller that started it, so one caller's cancellation cannot fail the others.</summary>
    private async Task<ModelCatalog> FetchAsync(string key, Func<CancellationToken, Task<ModelCatalog>> fetch)
    {
        try
        {
            var catalog = await fetch(CancellationToken.None);
            catalogs.Set(key, new Cached(catalog, time.GetUtcNow()), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = cacheDuration * 2 });
            return catalog;
        }
        finally
        {
            lock (loads)
            {
                loads.Remove(key);
            }
        }
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

    private sealed record Cached(ModelCatalog Catalog, DateTimeOffset FetchedAt);

    /// <summary>The cache's expiry runs on the host's <see cref="TimeProvider"/>, so tests can move it.</summary>
    private sealed class Clock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
