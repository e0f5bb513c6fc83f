namespace DryApi.Mcp.Tests.Support;

/// <summary>Waiting in a test for what another process or thread makes true (a request reaching dryAPI, a server exiting).</summary>
internal static class Waits
{
    /// <summary>Looks every 20 ms until <paramref name="condition"/> holds; after 30 s, fails naming <paramref name="what"/> it waited for.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 30 s for {what}.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
