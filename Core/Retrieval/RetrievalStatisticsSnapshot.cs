using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Retrieval;

/// <summary>The retrieval figures of this process at one moment (see <see cref="RetrievalStatistics"/>).</summary>
/// <param name="Since">When recording started.</param>
/// <param name="HotAnswers">Searches the hot tier answered.</param>
/// <param name="ColdAnswers">Searches PostgreSQL answered, forced or as a fallback.</param>
/// <param name="Fallbacks">Fallbacks to PostgreSQL by why the hot tier's answer was not used; every reason, zero included.</param>
/// <param name="HotLatency">The hot tier's recent latencies, whenever it was asked (its answer used or not).</param>
/// <param name="ColdLatency">PostgreSQL's recent latencies.</param>
/// <param name="ResultCache">Searches by where their answer came from; every outcome, zero included.</param>
/// <param name="EmbeddingCache">Searches of a text by where its embedding came from; every outcome, zero included.</param>
public sealed record RetrievalStatisticsSnapshot(
    DateTimeOffset Since,
    long HotAnswers,
    long ColdAnswers,
    IReadOnlyDictionary<HotMissReason, long> Fallbacks,
    LatencyPercentiles HotLatency,
    LatencyPercentiles ColdLatency,
    IReadOnlyDictionary<CacheOutcome, long> ResultCache,
    IReadOnlyDictionary<CacheOutcome, long> EmbeddingCache)
{
    /// <summary>The hot tier's share of the answers, from 0 to 1; null before any answer.</summary>
    public double? HotShare => HotAnswers + ColdAnswers == 0 ? null : (double)HotAnswers / (HotAnswers + ColdAnswers);
}
