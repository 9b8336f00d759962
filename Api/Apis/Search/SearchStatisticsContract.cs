using RedisAspire.Contracts;
using RedisAspire.Core.Retrieval;
using CoreOutcome = RedisAspire.Core.Caching.CacheOutcome;
using CoreReason = RedisAspire.Core.Retrieval.HotMissReason;

namespace RedisAspire.Api.Apis.Search;

/// <summary>The retrieval figures of this replica as <c>GET /search/stats</c> answers them.</summary>
internal static class SearchStatisticsContract
{
    public static SearchStatisticsResponse ToContract(this RetrievalStatisticsSnapshot snapshot) => new(
        snapshot.Since,
        new SearchAnswerCounts(snapshot.HotAnswers, snapshot.ColdAnswers, snapshot.HotShare),
        new SearchFallbackCounts(
            snapshot.Fallbacks[CoreReason.TooFewResults],
            snapshot.Fallbacks[CoreReason.BelowConfidence],
            snapshot.Fallbacks[CoreReason.Failed],
            snapshot.Fallbacks[CoreReason.TimedOut]),
        new SearchLatencies(RetrievalStatistics.LatencyWindowSize, ToContract(snapshot.HotLatency), ToContract(snapshot.ColdLatency)),
        ToContract(snapshot.ResultCache),
        ToContract(snapshot.EmbeddingCache));

    private static TierLatency ToContract(LatencyPercentiles latency) => new(latency.Samples, latency.P50, latency.P95, latency.P99);

    private static CacheOutcomeCounts ToContract(IReadOnlyDictionary<CoreOutcome, long> counts) => new(
        counts[CoreOutcome.Hit], counts[CoreOutcome.L1Hit], counts[CoreOutcome.Miss], counts[CoreOutcome.Stale], counts[CoreOutcome.Bypassed]);
}
