using DryApi.Client.Responses;
using DryApi.Mcp.Tests.Support;
using DryApi.Mcp.Tools.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DryApi.Mcp.Tests.Models;

/// <summary>The per-key model list cache: one fetch per key and TTL, stale copies served while one refresh runs.</summary>
public sealed class ModelCatalogCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    private readonly ManualTimeProvider clock = new();
    private readonly ModelCatalogCache cache;
    private readonly Dictionary<string, int> fetches = [];

    public ModelCatalogCacheTests() =>
        cache = new ModelCatalogCache(Options.Create(new ModelCatalogOptions { CacheDuration = Ttl }), clock, NullLogger<ModelCatalogCache>.Instance);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Within_the_ttl_a_key_is_fetched_once()
    {
        var first = await GetAsync("a");
        clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        var second = await GetAsync("a");

        Assert.Same(first, second);
        Assert.Equal(1, fetches["a"]);
    }

    [Fact]
    public async Task Each_key_has_its_own_copy()
    {
        var a = await GetAsync("a");
        var b = await GetAsync("b");

        Assert.NotSame(a, b);
        Assert.Equal(1, fetches["a"]);
        Assert.Equal(1, fetches["b"]);
    }

    [Fact]
    public async Task After_the_ttl_the_stale_copy_is_served_while_one_background_fetch_replaces_it()
    {
        var gate = new TaskCompletionSource<ModelCatalog>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stale = await GetAsync("a");
        clock.Advance(Ttl);

        var served = await cache.GetAsync("a", _ => Count("a", gate.Task), CancellationToken);
        var servedAgain = await cache.GetAsync("a", _ => Count("a", gate.Task), CancellationToken);

        Assert.Same(stale, served);
        Assert.Same(stale, servedAgain);
        Assert.Equal(2, fetches["a"]);

        var fresh = Catalog("fresh");
        gate.SetResult(fresh);
        await WaitUntilAsync(async () => ReferenceEquals(await GetAsync("a"), fresh));
        Assert.Equal(2, fetches["a"]);
    }

    [Fact]
    public async Task A_refresh_fetches_now()
    {
        var first = await GetAsync("a");

        var refreshed = await cache.RefreshAsync("a", _ => Count("a", Task.FromResult(Catalog("a"))), CancellationToken);

        Assert.NotSame(first, refreshed);
        Assert.Same(refreshed, await GetAsync("a"));
        Assert.Equal(2, fetches["a"]);
    }

    [Fact]
    public async Task A_failed_first_fetch_is_retried_by_the_next_call()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            cache.GetAsync("a", _ => Count("a", Task.FromException<ModelCatalog>(new HttpRequestException("down"))), CancellationToken));

        await GetAsync("a");

        Assert.Equal(2, fetches["a"]);
    }

    private static ModelCatalog Catalog(string name) => new([new DryApiModel { Name = name, Slug = name }]);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100 && !await condition(); attempt++)
        {
            await Task.Delay(10, CancellationToken);
        }

        Assert.True(await condition());
    }

    private Task<ModelCatalog> GetAsync(string key) => cache.GetAsync(key, _ => Count(key, Task.FromResult(Catalog(key))), CancellationToken);

    private Task<ModelCatalog> Count(string key, Task<ModelCatalog> result)
    {
        lock (fetches)
        {
            fetches[key] = fetches.GetValueOrDefault(key) + 1;
        }

        return result;
    }
}
