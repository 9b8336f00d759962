using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Core.Retrieval;

/// <summary>Opens the <see cref="EmbeddingSpace"/> of an embedding version: its model, both tiers and what works over them.</summary>
internal sealed class EmbeddingSpaceFactory(
    NpgsqlDataSource dataSource,
    ColdTierReadSource readSource,
    VectorHotTier hotTier,
    EmbeddingGenerators generators,
    IConnectionMultiplexer redis,
    RedisAskCounter asks,
    IResultCache cache,
    RetrievalTelemetry telemetry,
    IOptions<RetrievalOptions> retrieval,
    IOptions<HotSetOptions> hotSet,
    IOptions<ResultCacheOptions> cacheOptions,
    ILoggerFactory loggers)
{
    /// <summary>
    /// The space of <paramref name="version"/>, built or live: its model's generator (built from the configuration
    /// when it is not the configured model) and its index created when missing.
    /// </summary>
    /// <exception cref="ArgumentException">The version's model cannot be built from this configuration.</exception>
    public async Task<EmbeddingSpace> OpenAsync(EmbeddingVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var embeddings = generators.Cached(version.Model);
        var hot = hotTier.Open(version.Number, version.Dimensions);
        await hot.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var freshness = readSource.Replica is null
            ? null
            : new ReplicaFreshness(dataSource, redis, cacheOptions.Value.KeyPrefix, hot.Schema.Name, loggers.CreateLogger<ReplicaFreshness>());
        var replica = readSource.Replica is { } replicaSource && freshness is not null
            ? new ColdTierReplica(replicaSource, freshness, telemetry, loggers.CreateLogger<PostgresColdTier>())
            : null;
        var cold = new PostgresColdTier(dataSource, hot.Schema, version.Table, replica);
        var retriever = new TwoTierRetriever(hot, cold, asks, retrieval, telemetry, loggers.CreateLogger<TwoTierRetriever>());
        var results = new SearchResultCache(retriever, cache, asks, hot.Schema.Name, retrieval, freshness);
        var refresher = new HotSetRefresher(hot, cold, asks, redis, results, hotSet, loggers.CreateLogger<HotSetRefresher>());
        return new EmbeddingSpace(version, embeddings, cold, hot, retriever, results, refresher);
    }
}
