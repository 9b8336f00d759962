extern alias Web;

using System.Net;
using Bunit;
using RedisAspire.Contracts;
using Web::RedisAspire.Web.Components.Pages;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The Cache page: a key's entry with its time to live counting down, invalidation, every replica's counters, the embedding cache.</summary>
[Trait("Category", "Unit")]
public sealed class CacheTests : DashboardContext
{
    private readonly string key = $"tenant:harbor-{Guid.NewGuid():N}:menu";

    [Fact]
    public void TheReplicasCountersAreShownWhenThePageOpens()
    {
        Api.Answer("GET /cache/stats", Canned.CacheStatistics(l1Hits: 1234, hits: 5, misses: 2));

        var page = Render<Cache>();

        page.WaitForElement("[data-testid=page-ready]");
        var counters = page.FindAll("[data-testid=counter]").ToDictionary(row => row.GetAttribute("data-name")!, row => row.QuerySelector("td")!.TextContent);
        Assert.Equal("1,234", counters["L1 hits"]);
        Assert.Equal("12", counters["L1 entries"]);
    }

    [Fact]
    public void TheEmbeddingCachesHitRateIsThatOfTheSearchesQueryEmbeddings()
    {
        Api.Answer("GET /cache/stats", Canned.CacheStatistics()).Answer("GET /search/stats", Canned.SearchStatistics(hot: 3, cold: 1));

        var page = Render<Cache>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("75% hits (0 L1, 3 Redis, 0 stale), 1 misses", page.Find("[data-testid=embedding-hit-rate]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryReplicasCountersStandSideBySideWithTheAnsweringOneFirstAndMarked()
    {
        var now = Time.GetUtcNow();
        var worker = Replica("worker", "host-41-0a1b2c3d", hits: 7, reportedAt: now.AddSeconds(-3));
        var api = Replica("api", "host-40-9f8e7d6c", hits: 5, reportedAt: now);
        Api.Answer("GET /cache/stats", Canned.CacheStatistics(hits: 5) with { AnsweredBy = api.Id, Replicas = [worker, api] });

        var page = Render<Cache>();

        page.WaitForElement("[data-testid=page-ready]");
        var columns = page.FindAll("[data-testid=replica]");
        Assert.Equal([api.Id, worker.Id], columns.Select(column => column.GetAttribute("data-replica")));
        Assert.Contains("40-9f8e7d6c", columns[0].TextContent, StringComparison.Ordinal);
        Assert.NotNull(columns[0].QuerySelector("[data-testid=answered-by]"));
        Assert.Null(columns[1].QuerySelector("[data-testid=answered-by]"));
        var redisHits = page.Find("[data-testid=counter][data-name='Redis hits']").QuerySelectorAll("td").Select(cell => cell.TextContent).ToArray();
        Assert.Equal(["5", "7"], redisHits[..2]);
        Assert.Contains("3 s", page.Find("[data-testid=reported]").QuerySelectorAll("td")[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCountersRefreshEveryTwoSecondsSoEveryReplicaCanBeWatchedReceivingAnInvalidation()
    {
        var now = Time.GetUtcNow();
        Api.Answer("GET /cache/stats", Canned.CacheStatistics() with { AnsweredBy = "a-1-aa", Replicas = [Replica("api", "a-1-aa", 0, now), Replica("worker", "w-2-bb", 0, now)] });
        var page = Render<Cache>();
        page.WaitForElement("[data-testid=page-ready]");
        var later = now.AddSeconds(2);
        Api.Answer("GET /cache/stats", Canned.CacheStatistics() with
        {
            AnsweredBy = "a-1-aa",
            Replicas = [Replica("api", "a-1-aa", 0, later, invalidationsReceived: 1), Replica("worker", "w-2-bb", 0, later, invalidationsReceived: 1)],
        });

        Time.Advance(TimeSpan.FromSeconds(2));

        page.WaitForAssertion(() => Assert.Equal(
            ["1", "1"],
            page.Find("[data-testid=counter][data-name='Invalidations received']").QuerySelectorAll("td").Take(2).Select(cell => cell.TextContent)));
        Assert.Equal(2, Api.Count("GET /cache/stats"));
    }

    [Fact]
    public void AnEntrySaysWhetherTheAnsweringReplicaHoldsItInMemoryAndForHowLong()
    {
        Api.Answer("GET /cache/stats", Canned.CacheStatistics())
            .Answer($"GET /cache/entries/{WebUtility.UrlEncode(key)}", Entry(TimeSpan.FromMinutes(5)) with
            {
                HeldInProcess = true, InProcessExpiresAt = Time.GetUtcNow().AddSeconds(30), AnsweredBy = "host-40-9f8e7d6c",
            });
        var page = Render<Cache>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "cache-key", key);

        page.Find("[data-testid=cache-lookup]").Click();

        page.WaitForElement("[data-testid=entry]");
        Assert.Equal("held by the replica that answered (replica host-40-9f8e7d6c) for 30 s more", page.Find("[data-testid=entry-in-process]").TextContent);
    }

    [Fact]
    public void AnEntrysTimeToLiveCountsDownOnScreenWithoutAskingTheApiAgain()
    {
        Api.Answer("GET /cache/stats", Canned.CacheStatistics())
            .Answer($"GET /cache/entries/{WebUtility.UrlEncode(key)}", Entry(TimeSpan.FromSeconds(90)));
        var page = Render<Cache>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "cache-key", key);

        page.Find("[data-testid=cache-lookup]").Click();

        page.WaitForElement("[data-testid=entry]");
        Assert.Equal("1 min 30 s", page.Find("[data-testid=entry-ttl]").TextContent);
        Assert.Equal("Sliding: each read renews its window", page.Find("[data-testid=entry-strategy]").TextContent);
        Assert.Equal("2 KiB", page.Find("[data-testid=entry-size]").TextContent);
        Assert.Equal(["menu", "harbor"], page.FindAll("[data-testid=entry-tag]").Select(tag => tag.TextContent));
        Assert.Equal("{\"soup\":\"chowder\"}", page.Find("[data-testid=entry-preview]").TextContent);

        Time.Advance(TimeSpan.FromSeconds(31));
        page.WaitForAssertion(() => Assert.Equal("59 s", page.Find("[data-testid=entry-ttl]").TextContent));
        Time.Advance(TimeSpan.FromSeconds(60));
        page.WaitForAssertion(() => Assert.Equal("expired: look it up again", page.Find("[data-testid=entry-ttl]").TextContent));
        Assert.Equal(1, Api.Count($"GET /cache/entries/{WebUtility.UrlEncode(key)}"));
    }

    [Fact]
    public void AKeyRedisDoesNotHoldSaysSo()
    {
        Api.Answer("GET /cache/stats", Canned.CacheStatistics());
        var page = Render<Cache>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "cache-key", key);

        page.Find("[data-testid=cache-lookup]").Click();

        page.WaitForElement("[data-testid=entry-missing]");
        Assert.Contains(key, page.Find("[data-testid=entry-missing]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyWithGlobCharactersIsRefusedBeforeSending()
    {
        Api.Answer("GET /cache/stats", Canned.CacheStatistics());
        var page = Render<Cache>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "cache-key", "menu:*");

        page.Find("[data-testid=cache-lookup]").Click();

        Assert.Equal("A key may not hold braces or glob characters (* ? [ ]).", FieldErrors(page)["key"]);
        Assert.DoesNotContain(Api.Requests, request => request.StartsWith("GET /cache/entries", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidatingTheKeyShownRemovesItAndSaysWhere()
    {
        var path = $"/cache/entries/{WebUtility.UrlEncode(key)}";
        Api.Answer("GET /cache/stats", Canned.CacheStatistics()).Answer($"GET {path}", Entry(null)).AnswerNoContent($"DELETE {path}");
        var page = Render<Cache>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "cache-key", key);
        page.Find("[data-testid=cache-lookup]").Click();
        page.WaitForElement("[data-testid=entry]");
        Assert.Equal("never expires", page.Find("[data-testid=entry-ttl]").TextContent);

        page.Find("[data-testid=invalidate-key]").Click();

        page.WaitForElement("[data-testid=invalidate-result]");
        Assert.Empty(page.FindAll("[data-testid=entry]"));
        Assert.Equal(1, Api.Count($"DELETE {path}"));
    }

    [Fact]
    public void InvalidatingATagSaysHowManyEntriesWent()
    {
        var tag = $"menu-{Guid.NewGuid():N}";
        Api.Answer("GET /cache/stats", Canned.CacheStatistics()).Answer($"DELETE /cache/tags/{tag}", new TagInvalidation(tag, 3));
        var page = Render<Cache>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "cache-tag", tag);

        page.Find("[data-testid=invalidate-tag]").Click();

        page.WaitForElement("[data-testid=tag-result]");
        Assert.StartsWith($"3 entries tagged '{tag}' removed", page.Find("[data-testid=tag-result]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmbeddingShowsWhereItCameFromAndItsKeyCanBeLookedUp()
    {
        var embeddingKey = $"embedding:local:{Guid.NewGuid():N}";
        Api.Answer("GET /cache/stats", Canned.CacheStatistics())
            .Answer("POST /cache/embeddings", new EmbeddingResponse(embeddingKey, CacheOutcome.Hit, "all-MiniLM-L6-v2", 384, 0.8, null))
            .Answer($"GET /cache/entries/{WebUtility.UrlEncode(embeddingKey)}", Entry(TimeSpan.FromHours(1)) with { Key = embeddingKey });
        var page = Render<Cache>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "embed-text", "Do you serve oysters?");

        page.Find("[data-testid=embed-submit]").Click();

        page.WaitForElement("[data-testid=embed-result]");
        Assert.Equal("hit in Redis", page.Find("[data-testid=embed-outcome]").TextContent);
        Assert.Equal("0.8 ms", page.Find("[data-testid=embed-time]").TextContent);
        Assert.Contains("\"text\":\"Do you serve oysters?\"", Assert.Single(Api.Bodies), StringComparison.Ordinal);
        page.Find("[data-testid=embed-lookup]").Click();
        page.WaitForAssertion(() => Assert.Equal(embeddingKey, page.Find("[data-testid=entry-key]").TextContent));
    }

    [Fact]
    public void CountersThatCannotBeReadAreABannerWithRetry()
    {
        Api.Problem("GET /cache/stats", HttpStatusCode.Forbidden, "The admin role is needed", "GET /cache/stats is for admins.");

        var page = Render<Cache>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("The admin role is needed", page.Find("[data-testid=api-failure]").TextContent, StringComparison.Ordinal);
        Api.Answer("GET /cache/stats", Canned.CacheStatistics());
        page.Find("[data-testid=api-retry]").Click();
        page.WaitForElement("[data-testid=counters]");
    }

    private static CacheReplica Replica(string name, string id, long hits, DateTimeOffset reportedAt, long invalidationsReceived = 0) => new(
        id, name, reportedAt.AddMinutes(-10), reportedAt,
        new CacheCounters(hits, 0, 0, 0, 0, 0, 0, 0, 0, 0, invalidationsReceived, 0, 0), L1Entries: 1);

    private CacheEntryResponse Entry(TimeSpan? timeToLive) => new(
        key, timeToLive is null ? ExpirationStrategy.Invalidation : ExpirationStrategy.Sliding, timeToLive,
        new DateTimeOffset(2026, 12, 4, 8, 59, 0, TimeSpan.Zero), TimeSpan.FromMilliseconds(40), 2048, "{\"soup\":\"chowder\"}", ["menu", "harbor"]);
}
