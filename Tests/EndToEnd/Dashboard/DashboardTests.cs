using System.Net;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RedisAspire.Tests.EndToEnd.Dashboard;

/// <summary>The dashboard in headless Chromium, against a whole app holding the sample corpus.</summary>
[Trait("Category", "EndToEnd")]
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardAppFixture whole, DashboardBrowser browser, ITestOutputHelper output)
    : IClassFixture<DashboardAppFixture>
{
    [Theory]
    [MemberData(nameof(DashboardPages.All), MemberType = typeof(DashboardPages))]
    public async Task EveryPageOpensAndBecomesInteractiveWithoutAnError(string route, string title)
    {
        await whole.SampleCorpusReadyAsync();
        await using var session = await browser.OpenAsync(whole.Dashboard);

        await session.OpenAsync(route, title);

        await session.AssertNoErrorAsync();
        await DashboardScreenshots.SaveAsync(session, $"{Slug(title)}-opened", output);
    }

    [Fact]
    public async Task TheOverviewShowsTheSampleCorpusInTheHotSetAndTheServersItRunsOn()
    {
        await whole.SampleCorpusReadyAsync();
        await using var session = await browser.OpenAsync(whole.Dashboard);

        await session.OpenAsync("/", "Overview");

        // Two refreshes more, so that each chart has a line to draw.
        var refreshed = session.Page.GetByTestId("refreshed");
        for (var refresh = 0; refresh < 2; refresh++)
        {
            await Expect(refreshed).Not.ToHaveTextAsync(await refreshed.InnerTextAsync());
        }

        await Expect(session.Page.GetByTestId("hotset-documents")).ToHaveTextAsync(new Regex("^[1-9]"));
        await Expect(session.Page.GetByTestId("redis-engines")).ToContainTextAsync("Vector Sets");
        await Expect(session.Page.GetByTestId("api-banner")).ToHaveCountAsync(0);
        await session.AssertNoErrorAsync();
        await DashboardScreenshots.SaveAsync(session, "overview", output, documented: true);
    }

    [Fact]
    public async Task ASearchOfTheSampleCorpusShowsItsHits()
    {
        await whole.SampleCorpusReadyAsync();
        await using var session = await browser.OpenAsync(whole.Dashboard);
        await session.OpenAsync("/search", "Search");

        await session.Field("search-text").FillAsync("oysters with mignonette");
        await session.Field("search-k").FillAsync("3");
        await session.Field("search-tenant").FillAsync(DashboardAppFixture.Tenant);
        await session.Field("search-language").FillAsync("en");
        await session.Page.GetByTestId("search-submit").ClickAsync();

        await Expect(session.Page.GetByTestId("hit")).ToHaveCountAsync(3);
        await Expect(session.Page.GetByTestId("hit-title")).ToContainTextAsync(["Half a dozen Sylt oysters"]);
        await Expect(session.Page.GetByTestId("result-tier")).ToHaveTextAsync(new Regex("(Hot|Cold) tier"));
        // The vector shown as the bytes VSIM is sent, not as its 384 values.
        await Expect(session.Page.GetByTestId("hot-query-vectorsets-command")).ToContainTextAsync("FP32 <vector: 1536 bytes>");
        await Expect(session.Page.GetByTestId("search-problem")).ToHaveCountAsync(0);
        await session.AssertNoErrorAsync();
        await DashboardScreenshots.SaveAsync(session, "search", output, documented: true);
    }

    [Fact]
    public async Task TheStampedeLabWithTheDistributedLockRunsTheFactoryExactlyOnce()
    {
        await whole.SampleCorpusReadyAsync();
        await using var session = await browser.OpenAsync(whole.Dashboard);
        await session.OpenAsync("/stampede-lab", "Stampede lab");

        await session.Page.GetByTestId("lab-lock").SetCheckedAsync(true);
        await session.Page.GetByTestId("lab-early").SetCheckedAsync(false);
        await session.Page.GetByTestId("lab-fire").ClickAsync();

        var run = session.Page.GetByTestId("lab-run");
        await Expect(run).ToHaveCountAsync(1);
        await Expect(run.GetByTestId("run-settings")).ToContainTextAsync("distributedLock", new() { IgnoreCase = true });
        await Expect(run.GetByTestId("run-factory-runs")).ToHaveTextAsync("1");
        await Expect(session.Page.GetByTestId("lab-problem")).ToHaveCountAsync(0);
        await session.AssertNoErrorAsync();
        await DashboardScreenshots.SaveAsync(session, "stampede-lab", output, documented: true);
    }

    [Fact]
    public async Task ACachedEmbeddingIsFoundByItsKeyOnTheCachePageAndGoneOnceInvalidatedThere()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var tenant = $"dashboard{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant], timeout.Token);
        var embedded = await WholeAppTests.PostAsync(api, "/cache/embeddings", new { text = $"Is the terrace open in winter? {Guid.NewGuid():N}", tenant }, timeout.Token);
        var key = embedded.GetProperty("key").GetString()!;
        await using var session = await browser.OpenAsync(whole.Dashboard);
        await session.OpenAsync("/cache", "Cache");

        await session.Field("cache-key").FillAsync(key);
        await session.Page.GetByTestId("cache-lookup").ClickAsync();
        await Expect(session.Page.GetByTestId("entry-key")).ToHaveTextAsync(key);
        await Expect(session.Page.GetByTestId("entry-preview")).Not.ToBeEmptyAsync();
        await DashboardScreenshots.SaveAsync(session, "cache", output, documented: true);

        await Expect(session.Page.GetByTestId("replica")).Not.ToHaveCountAsync(1);
        var receivedBefore = new Dictionary<string, string>();
        foreach (var cell in await session.Page.Locator("[data-testid=counter][data-name='Invalidations received'] td[data-replica]").AllAsync())
        {
            receivedBefore[(await cell.GetAttributeAsync("data-replica"))!] = await cell.InnerTextAsync();
        }

        await session.Page.GetByTestId("invalidate-key").ClickAsync();
        await Expect(session.Page.GetByTestId("invalidate-result")).ToContainTextAsync(key);
        await Expect(session.Page.GetByTestId("entry")).ToHaveCountAsync(0);
        await session.Page.GetByTestId("cache-lookup").ClickAsync();
        await Expect(session.Page.GetByTestId("entry-missing")).ToContainTextAsync(key);
        // Every replica (the Api and the Worker) received the invalidation, as their counters show within a refresh or two.
        foreach (var (replica, before) in receivedBefore)
        {
            var cell = session.Page.Locator($"[data-testid=counter][data-name='Invalidations received'] td[data-replica='{replica}']");
            await Expect(cell).Not.ToHaveTextAsync(before, new() { Timeout = 30_000 });
        }

        using var lookup = await api.GetAsync($"/cache/entries/{Uri.EscapeDataString(key)}", timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        await Expect(session.Page.GetByTestId("lookup-problem")).ToHaveCountAsync(0);
        await session.AssertNoErrorAsync();
        await DashboardScreenshots.SaveAsync(session, "cache-invalidated", output);
    }

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');
}
