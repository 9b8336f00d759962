namespace RedisAspire.Contracts;

/// <summary>
/// What this replica's searches have done since it started (<c>GET /search/stats</c>): answers by tier, fallbacks to
/// PostgreSQL by reason, each tier's latency over its recent queries, and what the result and embedding caches answered.
/// Each replica counts its own searches.
/// </summary>
/// <param name="Since">When this replica started counting.</param>
/// <param name="Answers">Searches answered by each tier; an answer from the result cache is counted once, when the tiers computed it.</param>
/// <param name="Fallbacks">Searches PostgreSQL answered because the hot tier's answer was not used, by reason; every reason is listed, zero included.</param>
/// <param name="Latency">Each tier's latency percentiles over its most recent queries.</param>
/// <param name="ResultCache">Searches by where their whole answer came from; none are counted while the result cache is off.</param>
/// <param name="EmbeddingCache">Searches of a text by where the text's embedding came from (a vector search embeds nothing).</param>
public sealed record SearchStatisticsResponse(
    DateTimeOffset Since,
    SearchAnswerCounts Answers,
    SearchFallbackCounts Fallbacks,
    SearchLatencies Latency,
    CacheOutcomeCounts ResultCache,
    CacheOutcomeCounts EmbeddingCache);

/// <summary>Searches answered by each tier.</summary>
/// <param name="Hot">Answered by the Redis hot tier (its answer judged good enough, or the hot tier forced).</param>
/// <param name="Cold">Answered by PostgreSQL (the cold tier forced, or a fallback).</param>
/// <param name="HotShare">The hot tier's share of the answers, from 0 to 1 (its hit rate); null before the first answer.</param>
public sealed record SearchAnswerCounts(long Hot, long Cold, double? HotShare);

/// <summary>Fallbacks to PostgreSQL, one count per reason the hot tier's answer was not used.</summary>
/// <param name="TooFewResults">It found fewer than K documents that pass the filters.</param>
/// <param name="BelowConfidence">Its best match was below the confidence threshold.</param>
/// <param name="Failed">It failed.</param>
/// <param name="TimedOut">It took longer than <c>Retrieval:HotTimeout</c>.</param>
public sealed record SearchFallbackCounts(long TooFewResults, long BelowConfidence, long Failed, long TimedOut);

/// <summary>Each tier's latency percentiles over a window of its most recent queries.</summary>
/// <param name="WindowSize">How many of each tier's most recent queries the percentiles are taken over, at most.</param>
/// <param name="Hot">The hot tier, whenever it was asked (its answer used or not).</param>
/// <param name="Cold">PostgreSQL, whenever it was asked.</param>
public sealed record SearchLatencies(int WindowSize, TierLatency Hot, TierLatency Cold);

/// <summary>Latency percentiles (nearest rank), in milliseconds, of one tier's recent queries.</summary>
/// <param name="Samples">How many queries they are taken over (at most the window's size); 0 when the tier has not been asked.</param>
/// <param name="P50Milliseconds">The median; null without samples.</param>
/// <param name="P95Milliseconds">The 95th percentile; null without samples.</param>
/// <param name="P99Milliseconds">The 99th percentile; null without samples.</param>
public sealed record TierLatency(int Samples, double? P50Milliseconds, double? P95Milliseconds, double? P99Milliseconds);

/// <summary>How many values a cache gave, by where each came from.</summary>
/// <param name="Hits">Read from Redis.</param>
/// <param name="L1Hits">Read from this replica's in-process copy.</param>
/// <param name="Misses">Not cached: computed (by the tiers, or by the model) and stored.</param>
/// <param name="Stale">Expired values served while another caller recomputed them, or because computing failed.</param>
/// <param name="Bypassed">Computed without the cache, Redis being unreachable.</param>
public sealed record CacheOutcomeCounts(long Hits, long L1Hits, long Misses, long Stale, long Bypassed);
