using RedisAspire.Contracts;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>Answers of the Api in its contract types, as a running app gives them.</summary>
public static class Canned
{
    public static StatusResponse Status() => new(
        new RedisStatus("8.0.2", VectorSets: true, QueryEngine: false),
        new PostgresStatus("17.12", "0.8.0", "0.8.0"),
        [new RedisConnectionStatus("cache", Tls: false, "None", SearchModule: false, VectorSets: true, "noeviction", ClusterEnabled: false, HoldsHotTier: true, Warning: null)],
        new PostgresConnectionStatus(Tls: false, "Key"));

    public static CacheStatisticsResponse CacheStatistics(long l1Hits = 0, long hits = 0, long misses = 0) =>
        new(new CacheCounters(hits, misses, l1Hits, FactoryRuns: misses, 0, 0, 0, 0, 0, 0, 0, 0, 0), L1Entries: 12);

    public static CacheEvictionResponse Eviction(long used = 1_363_148, long max = 0, params EvictionFinding[] findings) => new(
        new RedisMemory(max, "noeviction", used, used, EvictedKeys: 0, ExpiredKeys: 3, [], Keys: 2, KeysWithTtl: 0, KeysWithoutTtl: 2,
            max == 0 ? null : (double)used / max),
        findings,
        PolicyChangesAllowed: true);

    public static SearchStatisticsResponse SearchStatistics(long hot = 0, long cold = 0, double? hotP99 = null) => new(
        new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero),
        new SearchAnswerCounts(hot, cold, hot + cold == 0 ? null : (double)hot / (hot + cold)),
        new SearchFallbackCounts(TooFewResults: cold, 0, 0, 0),
        new SearchLatencies(1000, new TierLatency(hotP99 is null ? 0 : (int)hot, hotP99 / 2, hotP99, hotP99), new TierLatency(0, null, null, null)),
        new CacheOutcomeCounts(0, 0, 0, 0, 0),
        new CacheOutcomeCounts(Hits: 3, 0, Misses: 1, 0, 0));

    public static HotSetResponse HotSet(long documents = 0) =>
        new("embeddings", "VectorSets", documents, 2000, new Dictionary<string, int>(), 0.5, Refresh: null, []);

    public static IngestionResponse Ingestion(long lag = 0) =>
        new(new IngestionQueueDepth(Length: lag, Pending: 0, lag, DeadLetters: 0, Consumers: 1),
            new IngestionStatistics(Processed: 0, 0, 0, DocumentsPerSecond: 0, LastError: null, LastErrorAt: null, 0));

    /// <summary>Every call the Overview makes answered (GET /search/stats is left out: an Api without it answers 404).</summary>
    public static FakeApi AnswerOverview(this FakeApi api, CacheStatisticsResponse? cache = null, CacheEvictionResponse? eviction = null) => api
        .Answer("GET /status", Status())
        .Answer("GET /cache/stats", cache ?? CacheStatistics())
        .Answer("GET /cache/eviction", eviction ?? Eviction())
        .Answer("GET /hotset", HotSet())
        .Answer("GET /ingestion", Ingestion())
        .Answer("GET /search/stats", SearchStatistics());
}
