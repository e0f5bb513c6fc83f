using System.Runtime.CompilerServices;
using DryApi.Client.Responses;
using DryApi.Mcp.Tests.Support;
using DryApi.Mcp.Tools.Models;
using DryApi.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DryApi.Mcp.Tests.Models;

/// <summary>
/// The per-key model list cache: one fetch per key and TTL, stale copies served while one refresh runs; failures are
/// not kept, and kept lists are bounded in number and dropped when unused.
/// </summary>
public sealed class ModelCatalogCacheTests : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    private readonly ManualTimeProvider clock = new();
    private readonly ModelCatalogCache cache;
    private readonly Dictionary<string, int> fetches = [];

    public ModelCatalogCacheTests() =>
        cache = new ModelCatalogCache(Options.Create(new ModelCatalogOptions { CacheDuration = Ttl }), clock, NullLogger<ModelCatalogCache>.Instance);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public void Dispose() => cache.Dispose();

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
    public async Task A_failing_background_refresh_joined_by_many_calls_is_logged_once()
    {
        var logs = new CapturedLogs();
        using var factory = new LoggerFactory([logs]);
        using var logged = new ModelCatalogCache(Options.Create(new ModelCatalogOptions { CacheDuration = Ttl }), clock, factory.CreateLogger<ModelCatalogCache>());
        var stale = await logged.GetAsync("a", _ => Task.FromResult(Catalog("a")), CancellationToken);
        clock.Advance(Ttl);
        var gate = new TaskCompletionSource<ModelCatalog>(TaskCreationOptions.RunContinuationsAsynchronously);

        for (var call = 0; call < 5; call++)
        {
            Assert.Same(stale, await logged.GetAsync("a", _ => gate.Task, CancellationToken));
        }

        gate.SetException(new HttpRequestException("down"));
        await WaitUntilAsync(() => Task.FromResult(logs.Lines.Count > 0));
        await Task.Delay(50, CancellationToken);
        Assert.Single(logs.Lines, line => line.Contains("Refreshing a cached dryAPI model list failed", StringComparison.Ordinal));
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

    [Fact]
    public async Task Failed_fetches_for_many_keys_leave_nothing_behind()
    {
        var failures = await FailForKeysAsync(1000);

        Assert.Equal(0, Alive(failures));
    }

    [Fact]
    public async Task Many_keys_keep_no_more_lists_than_the_bound()
    {
        using var bounded = new ModelCatalogCache(
            Options.Create(new ModelCatalogOptions { CacheDuration = Ttl, MaxCachedKeys = 10 }), clock, NullLogger<ModelCatalogCache>.Instance);

        var catalogs = await FetchForKeysAsync(bounded, 200);

        Assert.InRange(Alive(catalogs), 1, 10);
    }

    [Fact]
    public async Task A_list_unused_for_twice_the_ttl_is_dropped_and_the_next_call_waits_for_a_fresh_one()
    {
        var first = await GetAsync("a");
        clock.Advance(Ttl * 2);

        var second = await GetAsync("a");

        Assert.NotSame(first, second);
        Assert.Equal(2, fetches["a"]);
    }

    [Fact]
    public async Task A_list_in_use_is_kept_past_twice_the_ttl()
    {
        var first = await GetAsync("a");
        clock.Advance(Ttl * 1.5);
        await cache.GetAsync("a", _ => new TaskCompletionSource<ModelCatalog>().Task, CancellationToken);
        clock.Advance(Ttl * 1.5);

        Assert.Same(first, await cache.GetAsync("a", _ => new TaskCompletionSource<ModelCatalog>().Task, CancellationToken));
    }

    [Fact]
    public async Task Keys_dryApi_rejects_over_http_leave_no_model_list_behind()
    {
        await using var harness = await McpServerHarness.StartAsync(McpHarnessSettings.Default);
        for (var index = 0; index < 20; index++)
        {
            await using var client = await harness.ConnectAsync(harness.UnknownKey());
            await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("dryapi://models", cancellationToken: CancellationToken).AsTask());
        }

        Assert.Equal(0, harness.Services.GetRequiredService<ModelCatalogCache>().Count);
    }

    /// <summary>Fails a first fetch for each of <paramref name="count"/> keys; the failures are tracked weakly.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<List<WeakReference>> FailForKeysAsync(int count)
    {
        var failures = new List<WeakReference>();
        for (var index = 0; index < count; index++)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => cache.GetAsync($"rejected-{index}", _ =>
            {
                var failure = new HttpRequestException("401");
                failures.Add(new WeakReference(failure));
                return Task.FromException<ModelCatalog>(failure);
            }, CancellationToken));
        }

        return failures;
    }

    /// <summary>Fetches a list for each of <paramref name="count"/> keys; the lists are tracked weakly.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<List<WeakReference>> FetchForKeysAsync(ModelCatalogCache target, int count)
    {
        var catalogs = new List<WeakReference>();
        for (var index = 0; index < count; index++)
        {
            var catalog = Catalog($"key-{index}");
            catalogs.Add(new WeakReference(catalog));
            await target.GetAsync($"key-{index}", _ => Task.FromResult(catalog), CancellationToken);
        }

        return catalogs;
    }

    /// <summary>How many of the tracked objects something still holds, once the cache's background compaction has run.</summary>
    private static int Alive(List<WeakReference> tracked)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (tracked.Count(reference => reference.IsAlive) <= 10)
            {
                break;
            }

            Thread.Sleep(20);
        }

        return tracked.Count(reference => reference.IsAlive);
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
