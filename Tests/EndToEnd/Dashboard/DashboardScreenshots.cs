using Microsoft.Playwright;
using RedisAspire.Tests.Deployment;
using Xunit.Abstractions;

namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>
/// Full-page screenshots of the dashboard, kept in <c>artifacts/screenshots/</c> (git-ignored). With
/// <c>REDISASPIRE_UPDATE_DOCS_IMAGES=1</c>, the documented ones are also copied to <c>docs/images/</c>, the copies the
/// documentation shows.
/// </summary>
internal static class DashboardScreenshots
{
    public const string UpdateDocsImagesSetting = "REDISASPIRE_UPDATE_DOCS_IMAGES";

    public static string Folder { get; } = Path.Join(BuildPaths.RepositoryRoot, "artifacts", "screenshots");

    public static string DocsImages { get; } = Path.Join(BuildPaths.RepositoryRoot, "docs", "images");

    /// <summary>Saves the whole page as <c>dashboard-<paramref name="name"/>.png</c> and says where in the test's output.</summary>
    public static async Task SaveAsync(DashboardSession session, string name, ITestOutputHelper output, bool documented = false)
    {
        var fileName = $"dashboard-{name}.png";
        var path = Path.Join(Folder, fileName);
        Directory.CreateDirectory(Folder);
        await ScreenshotWholePageAsync(session.Page, path);
        output.WriteLine($"Screenshot: {path}");
        if (documented && Environment.GetEnvironmentVariable(UpdateDocsImagesSetting) == "1")
        {
            var docsCopy = Path.Join(DocsImages, fileName);
            Directory.CreateDirectory(DocsImages);
            File.Copy(path, docsCopy, overwrite: true);
            output.WriteLine($"Documentation image updated: {docsCopy}");
        }
    }

    /// <summary>
    /// The dashboard's layout keeps the page one window high and scrolls its content area instead, so a full-page
    /// screenshot alone would stop at the window's edge: the window is made as tall as the content for the shot.
    /// </summary>
    private static async Task ScreenshotWholePageAsync(IPage page, string path)
    {
        var window = page.ViewportSize ?? throw new InvalidOperationException("The page has no fixed window size.");
        var hidden = await page.EvaluateAsync<int>("""
            () => Math.max(0, ...Array.from(document.querySelectorAll('*'))
                .filter(element => /(auto|scroll)/.test(getComputedStyle(element).overflowY))
                .map(element => element.scrollHeight - element.clientHeight))
            """);
        await page.SetViewportSizeAsync(window.Width, window.Height + hidden);
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
        finally
        {
            await page.SetViewportSizeAsync(window.Width, window.Height);
        }
    }
}
