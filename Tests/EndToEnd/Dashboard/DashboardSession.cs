using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>One test's browser context and tab on the dashboard, with the script errors the tab met.</summary>
public sealed class DashboardSession : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly ConcurrentQueue<string> scriptErrors = new();

    internal DashboardSession(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.PageError += (_, error) => scriptErrors.Enqueue(error);
    }

    public IPage Page { get; }

    /// <summary>
    /// Opens <paramref name="route"/> and waits for the page's <c>page-ready</c> marker: the circuit is attached and the
    /// first data loaded, so a click is no longer lost.
    /// </summary>
    public async Task OpenAsync(string route, string title)
    {
        var response = await Page.GotoAsync(route);
        Assert.True(response is { Status: 200 }, $"GET {route}: {response?.Status.ToString() ?? "no response"}");
        await Expect(Page.GetByTestId("page-ready")).ToBeAttachedAsync();
        // The page's own title: not the error page, the not-found page or the developer exception page.
        await Expect(Page).ToHaveTitleAsync($"{title} · RedisAspire");
    }

    /// <summary>The native input or text area inside the Fluent UI field marked <paramref name="testId"/>.</summary>
    public ILocator Field(string testId) => Page.GetByTestId(testId).Locator("input, textarea").First;

    /// <summary>Fails if Blazor showed its error bar or a script error reached the page.</summary>
    public async Task AssertNoErrorAsync()
    {
        await Expect(Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        Assert.True(scriptErrors.IsEmpty, "Script errors on the page: " + string.Join(Environment.NewLine, scriptErrors));
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
