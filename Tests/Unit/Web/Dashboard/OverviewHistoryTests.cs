extern alias Web;

using RedisAspire.Contracts;
using Web::RedisAspire.Web.Services;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The Overview's charts: the last five minutes, and what changed between refreshes rather than totals since start.</summary>
[Trait("Category", "Unit")]
public sealed class OverviewHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheHitRatioAndLookupRateAreThoseOfEachIntervalNotOfTheTotals()
    {
        var history = new OverviewHistory();
        history.Record(Sample(0, l1Hits: 0, hits: 10, misses: 10));
        history.Record(Sample(2, l1Hits: 4, hits: 24, misses: 12));

        Assert.Equal([0.9], history.HitRatio());
        Assert.Equal([10.0], history.LookupsPerSecond());
    }

    [Fact]
    public void AnIntervalWithoutLookupsHasNoRatioAndAReplicaRestartIsSkipped()
    {
        var history = new OverviewHistory();
        history.Record(Sample(0, hits: 10, misses: 10));
        history.Record(Sample(2, hits: 10, misses: 10));
        history.Record(Sample(4, hits: 1, misses: 0));
        history.Record(Sample(6, hits: 2, misses: 1));

        Assert.Equal([0.5], history.HitRatio());
        Assert.Equal([0.0, 1.0], history.LookupsPerSecond());
    }

    [Fact]
    public void TheHotShareIsTakenOverTheSearchesBetweenRefreshes()
    {
        var history = new OverviewHistory();
        history.Record(SearchSample(0, hot: 10, cold: 10));
        history.Record(SearchSample(2, hot: 13, cold: 11));
        history.Record(SearchSample(4, hot: 13, cold: 11));
        history.Record(SearchSample(6, hot: 1, cold: 0));

        Assert.Equal([0.75], history.HotShare());
    }

    [Fact]
    public void OnlyTheLastFiveMinutesAreKept()
    {
        var history = new OverviewHistory();
        for (var refresh = 0; refresh < OverviewHistory.Capacity + 10; refresh++)
        {
            history.Record(new OverviewSample(Start.AddSeconds(refresh * 2), null, refresh, null, null));
        }

        Assert.Equal(OverviewHistory.Capacity, history.Samples.Count);
        Assert.Equal(10, history.UsedMemoryBytes()[0]);
        Assert.Equal(TimeSpan.FromSeconds((OverviewHistory.Capacity - 1) * 2), history.Span);
    }

    private static OverviewSample SearchSample(int seconds, long hot, long cold) =>
        new(Start.AddSeconds(seconds), null, null, null, null, Canned.SearchStatistics(hot, cold));

    private static OverviewSample Sample(int seconds, long l1Hits = 0, long hits = 0, long misses = 0) =>
        new(Start.AddSeconds(seconds), new CacheCounters(hits, misses, l1Hits, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), null, null, null);
}
