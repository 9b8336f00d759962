using Microsoft.Playwright;

namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>
/// Headless Chromium driven by Playwright. It is the system's Chromium (<c>eng/setup.sh</c> installs it): Playwright's
/// own browser download is not needed, and a machine without Chromium fails these tests, saying so, rather than
/// skipping them.
/// </summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>What every wait on the page allows: a loaded two-core machine runs the whole app beside the browser.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>The width the pages are laid out and photographed at.</summary>
    public const int Width = 1280;

    // Runs as root and offline: no sandbox, no GPU, and none of the browser's own calls home.
    private static readonly string[] LaunchArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}, and the dashboard's browser tests need it: run ./eng/setup.sh " +
                "(or apt-get install chromium).");
        }

        Assertions.SetDefaultExpectTimeout((float)Deadline.TotalMilliseconds);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Args = LaunchArguments,
            Headless = true,
            Timeout = (float)Deadline.TotalMilliseconds,
        });
    }

    /// <summary>A fresh context (no cookies, no storage, no tab state shared with another test) on <paramref name="dashboard"/>.</summary>
    public async Task<DashboardSession> OpenAsync(Uri dashboard)
    {
        var context = await (browser ?? throw new InvalidOperationException("The browser has not started.")).NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = dashboard.ToString(),
            ViewportSize = new ViewportSize { Width = Width, Height = 900 },
        });
        context.SetDefaultTimeout((float)Deadline.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Deadline.TotalMilliseconds);
        return new DashboardSession(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
