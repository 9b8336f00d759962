using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class RetrievalStatisticsTests
{
    [Fact]
    public void AnswersAreCountedByTierAndFallbacksByReasonWithEveryReasonListed()
    {
        var statistics = new RetrievalStatistics();

        statistics.RecordAnswer(new RetrievalResult(RetrievalTier.Hot, [], null, TimeSpan.FromMilliseconds(2), null));
        statistics.RecordAnswer(new RetrievalResult(RetrievalTier.Hot, [], null, TimeSpan.FromMilliseconds(4), null));
        statistics.RecordAnswer(new RetrievalResult(RetrievalTier.Hot, [], null, TimeSpan.FromMilliseconds(6), null));
        statistics.RecordAnswer(new RetrievalResult(RetrievalTier.Cold, [], HotMissReason.TimedOut, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(30)));

        var snapshot = statistics.Snapshot();
        Assert.Equal((3, 1, 0.75), (snapshot.HotAnswers, snapshot.ColdAnswers, snapshot.HotShare));
        Assert.Equal(Enum.GetValues<HotMissReason>().ToDictionary(reason => reason, reason => reason == HotMissReason.TimedOut ? 1L : 0L), snapshot.Fallbacks);
        Assert.Equal(new LatencyPercentiles(4, 4, 250, 250), snapshot.HotLatency);
        Assert.Equal(new LatencyPercentiles(1, 30, 30, 30), snapshot.ColdLatency);
    }

    [Fact]
    public void BeforeAnyAnswerTheHotShareIsUnknownAndEveryCountIsZero()
    {
        var snapshot = new RetrievalStatistics().Snapshot();

        Assert.Null(snapshot.HotShare);
        Assert.All(snapshot.Fallbacks.Values.Concat(snapshot.ResultCache.Values).Concat(snapshot.EmbeddingCache.Values), count => Assert.Equal(0, count));
        Assert.Equal(Enum.GetValues<CacheOutcome>().Length, snapshot.ResultCache.Count);
    }

    [Fact]
    public void ResultAndEmbeddingCacheOutcomesAreCountedApart()
    {
        var statistics = new RetrievalStatistics();

        statistics.RecordResultCache(CacheOutcome.Miss);
        statistics.RecordResultCache(CacheOutcome.L1Hit);
        statistics.RecordEmbeddingCache(CacheOutcome.Hit);

        var snapshot = statistics.Snapshot();
        Assert.Equal((1, 1, 0), (snapshot.ResultCache[CacheOutcome.Miss], snapshot.ResultCache[CacheOutcome.L1Hit], snapshot.ResultCache[CacheOutcome.Hit]));
        Assert.Equal((1, 0), (snapshot.EmbeddingCache[CacheOutcome.Hit], snapshot.EmbeddingCache[CacheOutcome.Miss]));
    }

    [Fact]
    public void TheRetrieverRecordsEachAnswerItsMetricsRecord()
    {
        using var telemetry = new RetrievalTelemetry();

        telemetry.Record(new RetrievalResult(RetrievalTier.Cold, [], HotMissReason.BelowConfidence, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3)));
        telemetry.RecordResultCache(CacheOutcome.Stale);

        var snapshot = telemetry.Statistics.Snapshot();
        Assert.Equal((0, 1, 1, 1), (snapshot.HotAnswers, snapshot.ColdAnswers, snapshot.Fallbacks[HotMissReason.BelowConfidence], snapshot.ResultCache[CacheOutcome.Stale]));
    }
}
