using DryApi.Client;
using Microsoft.Extensions.Caching.Memory;

namespace DryApi.Mcp.Jobs;

/// <summary>
/// One <typeparamref name="T"/> per API key (by credential fingerprint) in this replica. At most <see cref="MaxKeys"/>
/// are held; one is dropped once its key has not asked for it for <c>idle</c>.
/// </summary>
internal sealed class PerKey<T>(TimeSpan idle, Func<string, T> create) : IDisposable
    where T : class
{
    public const int MaxKeys = 10_000;

    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = MaxKeys });
    private readonly Lock gate = new();

    public T For(DryApiCredential credential)
    {
        lock (gate)
        {
            return entries.GetOrCreate(credential.Fingerprint, entry =>
            {
                entry.Size = 1;
                entry.SlidingExpiration = idle;
                return create(credential.Fingerprint);
            })!;
        }
    }

    public void Dispose() => entries.Dispose();
}
