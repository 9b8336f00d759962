extern alias Api;

using Api::RedisAspire.Api.Apis.Search;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Api;

/// <summary><c>GET /search/stats</c> lists every fallback reason and cache outcome Core counts, each under its own name.</summary>
[Trait("Category", "Unit")]
public sealed class SearchStatisticsContractTests
{
    [Fact]
    public void EveryFallbackReasonIsAnsweredUnderItsOwnNameWithItsOwnCount()
    {
        var statistics = new RetrievalStatistics();
        var reasons = Enum.GetValues<HotMissReason>();
        for (var index = 0; index < reasons.Length; index++)
        {
            for (var times = 0; times <= index; times++)
            {
                statistics.RecordAnswer(new RetrievalResult(RetrievalTier.Cold, [], reasons[index], null, TimeSpan.FromMilliseconds(1)));
            }
        }

        var fallbacks = statistics.Snapshot().ToContract().Fallbacks;

        var answered = typeof(Contracts.SearchFallbackCounts).GetProperties().ToDictionary(property => property.Name, property => (long)property.GetValue(fallbacks)!);
        Assert.Equal(reasons.Select((reason, index) => (reason.ToString(), (long)index + 1)).Order(), answered.Select(pair => (pair.Key, pair.Value)).Order());
    }

    [Fact]
    public void EveryCacheOutcomeIsAnsweredWithItsOwnCount()
    {
        var statistics = new RetrievalStatistics();
        var outcomes = Enum.GetValues<CacheOutcome>();
        for (var index = 0; index < outcomes.Length; index++)
        {
            for (var times = 0; times <= index; times++)
            {
                statistics.RecordResultCache(outcomes[index]);
                statistics.RecordEmbeddingCache(outcomes[index]);
                statistics.RecordEmbeddingCache(outcomes[index]);
            }
        }

        var answer = statistics.Snapshot().ToContract();

        static long[] Counts(Contracts.CacheOutcomeCounts counts) => [counts.L1Hits, counts.Hits, counts.Misses, counts.Stale, counts.Bypassed];
        Assert.Equal([CacheOutcome.L1Hit, CacheOutcome.Hit, CacheOutcome.Miss, CacheOutcome.Stale, CacheOutcome.Bypassed], outcomes);
        Assert.Equal([1, 2, 3, 4, 5], Counts(answer.ResultCache));
        Assert.Equal([2, 4, 6, 8, 10], Counts(answer.EmbeddingCache));
        Assert.Equal(outcomes.Length, typeof(Contracts.CacheOutcomeCounts).GetProperties().Length);
    }
}
