using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks;

/// <summary>
/// What the product builds around its two tiers, built by hand for a benchmark under the hot index's name: ask counts,
/// retrievers, and a result cache holding the cached search results.
/// </summary>
internal sealed class BenchmarkRetrieval : IDisposable
{
    private readonly IVectorIndex hot;
    private readonly PostgresColdTier cold;
    private readonly ResultCache cache;
    private readonly RetrievalTelemetry telemetry = new();

    public BenchmarkRetrieval(IConnectionMultiplexer redis, IVectorIndex hot, PostgresColdTier cold)
    {
        this.hot = hot;
        this.cold = cold;
        var name = hot.Schema.Name;
        Asks = new RedisAskCounter(redis, $"{name}:asks");
        cache = new ResultCache(
            redis, new SharedConnectionSubscriptions(redis), new SystemTextJsonCacheSerializer(), Options.Create(new ResultCacheOptions { KeyPrefix = name }), new CacheStatistics(),
            TimeProvider.System, NullLogger<ResultCache>.Instance);
        Results = new SearchResultCache(Retriever(new RetrievalOptions().ConfidenceThreshold), cache, Asks, name, Options.Create(new RetrievalOptions()));
    }

    public RedisAskCounter Asks { get; }

    /// <summary>The cached search results, which a hot-set refresh and an ingestion invalidate.</summary>
    public SearchResultCache Results { get; }

    /// <summary>A retriever over both tiers that takes the hot tier's answer from <paramref name="confidenceThreshold"/> up.</summary>
    public TwoTierRetriever Retriever(double confidenceThreshold) => new(
        hot, cold, Asks, Options.Create(new RetrievalOptions { ConfidenceThreshold = confidenceThreshold }), telemetry, NullLogger<TwoTierRetriever>.Instance);

    public void Dispose()
    {
        cache.Dispose();
        telemetry.Dispose();
    }
}
