using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// This process's retrieval figures since it started, for <c>GET /search/stats</c>: answers by tier, fallbacks by
/// reason, each tier's recent latencies, and what the result and embedding caches answered searches with. Recorded
/// with the <c>redisaspire.retrieval</c> metrics, from the same facts; safe to record from any thread.
/// </summary>
public sealed class RetrievalStatistics
{
    /// <summary>How many recent latencies of each tier the percentiles are taken over.</summary>
    public const int LatencyWindowSize = 1000;

    private readonly long[] answers = new long[2];
    private readonly long[] fallbacks = new long[Enum.GetValues<HotMissReason>().Length];
    private readonly long[] resultOutcomes = new long[Enum.GetValues<CacheOutcome>().Length];
    private readonly long[] embeddingOutcomes = new long[Enum.GetValues<CacheOutcome>().Length];
    private readonly LatencyWindow hotLatency = new(LatencyWindowSize);
    private readonly LatencyWindow coldLatency = new(LatencyWindowSize);

    /// <summary>Figures from now on, dated by <paramref name="time"/> (the system clock when null).</summary>
    public RetrievalStatistics(TimeProvider? time = null) => Since = (time ?? TimeProvider.System).GetUtcNow();

    /// <summary>When recording started.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Records one answer of the two-tier retriever: its tier, why the hot tier missed, and each tier's time.</summary>
    public void RecordAnswer(RetrievalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Interlocked.Increment(ref answers[result.Tier == RetrievalTier.Hot ? 0 : 1]);
        if (result.MissReason is { } reason)
        {
            Interlocked.Increment(ref fallbacks[(int)reason]);
        }

        if (result.HotElapsed is { } hot)
        {
            hotLatency.Record(hot);
        }

        if (result.ColdElapsed is { } cold)
        {
            coldLatency.Record(cold);
        }
    }

    /// <summary>Records where a search's answer came from: the result cache (Hit, L1Hit, Stale) or the tiers (Miss, Bypassed).</summary>
    public void RecordResultCache(CacheOutcome outcome) => Interlocked.Increment(ref resultOutcomes[(int)outcome]);

    /// <summary>Records where a search's query embedding came from: the embedding cache or the model.</summary>
    public void RecordEmbeddingCache(CacheOutcome outcome) => Interlocked.Increment(ref embeddingOutcomes[(int)outcome]);

    /// <summary>The figures as they are now.</summary>
    public RetrievalStatisticsSnapshot Snapshot() => new(
        Since,
        Volatile.Read(ref answers[0]),
        Volatile.Read(ref answers[1]),
        Enum.GetValues<HotMissReason>().ToDictionary(reason => reason, reason => Volatile.Read(ref fallbacks[(int)reason])),
        hotLatency.Percentiles(),
        coldLatency.Percentiles(),
        Counts(resultOutcomes),
        Counts(embeddingOutcomes));

    private static Dictionary<CacheOutcome, long> Counts(long[] counts) =>
        Enum.GetValues<CacheOutcome>().ToDictionary(outcome => outcome, outcome => Volatile.Read(ref counts[(int)outcome]));
}
