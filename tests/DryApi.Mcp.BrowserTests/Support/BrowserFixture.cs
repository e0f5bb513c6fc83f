using Microsoft.Playwright;

namespace DryApi.Mcp.BrowserTests.Support;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, or <c>DRYAPI_CHROMIUM</c>) driven by Playwright, which never downloads
/// a browser of its own here. A missing browser or host bundle fails every test that uses it, with what to install.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("DRYAPI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public AppsHostServer Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}. Install Debian's package (apt-get install chromium), as .ci/run does, " +
                "or set DRYAPI_CHROMIUM to a Chromium executable.");
        }

        AppsHostFiles.EnsureBuilt();
        Host = await AppsHostServer.StartAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
