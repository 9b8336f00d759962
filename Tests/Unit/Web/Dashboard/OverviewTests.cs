extern alias Web;

using System.Net;
using Bunit;
using RedisAspire.Contracts;
using Web::RedisAspire.Web.Components.Pages;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The Overview: every figure the Api has, refreshed every 2 s while the page is open, the last data kept when the Api fails.</summary>
[Trait("Category", "Unit")]
public sealed class OverviewTests : DashboardContext
{
    [Fact]
    public void TheFiguresOfEveryAreaAreShownOnceTheFirstRefreshAnswered()
    {
        Api.AnswerOverview(
            Canned.CacheStatistics(l1Hits: 30, hits: 50, misses: 20),
            Canned.Eviction(used: 768 * 1024 * 1024L, max: 1024 * 1024 * 1024L,
                new EvictionFinding(EvictionSeverity.Critical, "noeviction-full", "Writes will be refused.", "Use allkeys-lru.")));

        var page = Render<Overview>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("80%", page.Find("[data-testid=hit-ratio]").TextContent);
        Assert.Equal("30%", page.Find("[data-testid=l1-hit-ratio]").TextContent);
        Assert.Equal("71.4%", page.Find("[data-testid=redis-hit-ratio]").TextContent);
        Assert.Equal("768 MiB", page.Find("[data-testid=used-memory]").TextContent);
        Assert.Contains("of 1 GiB maxmemory (75%)", page.Find("[data-testid=max-memory]").TextContent, StringComparison.Ordinal);
        Assert.Equal("noeviction-full", page.Find("[data-testid=finding]").GetAttribute("data-code"));
        Assert.Equal("8.0.2", page.Find("[data-testid=redis-version]").TextContent);
        Assert.Equal("Vector Sets", page.Find("[data-testid=redis-engines]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=api-banner]"));
    }

    [Fact]
    public void EachAreaSaysItIsLoadingUntilTheApiAnswers()
    {
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        Api.AnswerOverview().On("GET /status", (_, _) => answer.Task);

        var page = Render<Overview>();

        Assert.Equal(6, page.FindAll("[data-testid=loading]").Count);
        Assert.Empty(page.FindAll("[data-testid=page-ready]"));
        answer.SetResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = System.Net.Http.Json.JsonContent.Create(Canned.Status()) });
        page.WaitForElement("[data-testid=page-ready]");
        Assert.Empty(page.FindAll("[data-testid=loading]"));
    }

    [Fact]
    public void AnIdleCacheSaysWhatWouldFillIt()
    {
        Api.AnswerOverview(Canned.CacheStatistics());

        var page = Render<Overview>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("No lookups yet", page.Find("[data-testid=cache-empty]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Nothing to change", page.Find("[data-testid=findings-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AnApiThatCannotBeReachedIsABannerNamingEachCallAndRetryBringsTheFiguresBack()
    {
        Api.AnswerOverview();
        Api.Down = true;

        var page = Render<Overview>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("The Api could not be reached", page.Find("[data-testid=api-banner]").InnerHtml, StringComparison.Ordinal);
        Assert.Contains(page.FindAll("[data-testid=api-failure]"), failure => failure.TextContent.Contains("GET /cache/stats", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=redis-version]"));
        Assert.Empty(page.FindAll("[data-testid=loading]"));
        Assert.Equal(6, page.FindAll("[data-testid=not-received]").Count);

        Api.Down = false;
        page.Find("[data-testid=api-retry]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=api-banner]")));
        Assert.Equal("8.0.2", page.Find("[data-testid=redis-version]").TextContent);
    }

    [Fact]
    public void WhenTheApiFailsDuringAPollThePageKeepsItsLastFiguresUnderTheBanner()
    {
        Api.AnswerOverview(Canned.CacheStatistics(hits: 3, misses: 1));
        var page = Render<Overview>();
        page.WaitForElement("[data-testid=page-ready]");

        Api.Down = true;
        Time.Advance(Overview.Period);

        page.WaitForElement("[data-testid=api-banner]");
        Assert.Equal("75%", page.Find("[data-testid=hit-ratio]").TextContent);
        Assert.Contains("Showing the last data received", page.Find("[data-testid=api-banner]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSearchTiersSectionShowsTheHotShareFallbacksByReasonAndEachTiersLatency()
    {
        Api.AnswerOverview().Answer("GET /search/stats", Canned.SearchStatistics(hot: 3, cold: 1, hotP99: 1.5));

        var page = Render<Overview>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("75%", page.Find("[data-testid=hot-share]").TextContent);
        Assert.Equal("1.5 ms", page.Find("[data-testid=hot-p99]").TextContent);
        Assert.Contains("1 too few results", page.Find("[data-testid=fallbacks]").TextContent, StringComparison.Ordinal);
        Assert.Equal("not asked yet", page.Find("[data-testid=cold-latency]").TextContent);
        Assert.StartsWith("75% hits", page.Find("[data-testid=embedding-cache]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSearchTiersSectionSaysWhatFillsItBeforeTheFirstSearch()
    {
        Api.AnswerOverview();

        var page = Render<Overview>();

        page.WaitForElement("[data-testid=page-ready]");
        page.WaitForElement("[data-testid=search-stats-empty]");
        Assert.Empty(page.FindAll("[data-testid=api-banner]"));
    }

    [Fact]
    public void ThePageRefreshesEveryTwoSecondsAndChartsWhatChangedBetweenRefreshes()
    {
        Api.AnswerOverview(Canned.CacheStatistics(hits: 10, misses: 10));
        var page = Render<Overview>();
        page.WaitForElement("[data-testid=page-ready]");

        Api.Answer("GET /cache/stats", Canned.CacheStatistics(hits: 28, misses: 12));
        Time.Advance(Overview.Period);

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=hit-ratio-chart]").GetAttribute("data-points")));
        Assert.Equal(2, Api.Count("GET /status"));
        Assert.Equal("70%", page.Find("[data-testid=hit-ratio]").TextContent);
    }

    [Fact]
    public void APollStillWaitingForTheApiIsNotOverlappedByTheNextOne()
    {
        Api.AnswerOverview();
        var page = Render<Overview>();
        page.WaitForElement("[data-testid=page-ready]");
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var mostInFlight = 0;
        Api.On("GET /status", async (_, cancellationToken) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            await slow.Task.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref inFlight);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = System.Net.Http.Json.JsonContent.Create(Canned.Status()) };
        });

        Time.Advance(Overview.Period);
        page.WaitForAssertion(() => Assert.Equal(2, Api.Count("GET /status")));
        for (var tick = 0; tick < 5; tick++)
        {
            Time.Advance(Overview.Period);
        }

        Assert.Equal(2, Api.Count("GET /status"));
        slow.SetResult();
        // The timer kept one tick pending while the poll waited: exactly one more poll follows at once.
        page.WaitForAssertion(() => Assert.Equal(3, Api.Count("GET /status")));
        Assert.Equal(1, mostInFlight);
    }

    [Fact]
    public async Task ClosingThePageCancelsThePollUnderWayAndStopsTheTimer()
    {
        Api.AnswerOverview();
        var page = Render<Overview>();
        page.WaitForElement("[data-testid=page-ready]");
        var cancelled = false;
        Api.On("GET /status", async (_, cancellationToken) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            throw new InvalidOperationException("The poll was never cancelled.");
        });
        Time.Advance(Overview.Period);
        page.WaitForAssertion(() => Assert.Equal(2, Api.Count("GET /status")));

        await DisposeComponentsAsync();

        Assert.True(cancelled);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
