using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Reembedding;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>Registers everything a service needs to search and write both tiers, and what they start, in the one order that works.</summary>
public static class RetrievalTiersHostingExtensions
{
    /// <summary>
    /// <c>AddEmbeddings()</c>, <c>AddVectorHotTier()</c>, <c>AddColdTier()</c>, <c>AddTwoTierRetrieval()</c> and
    /// <c>AddReembedding()</c>, and the hosted services the tiers need, which run at start-up in this order:
    /// <list type="number">
    /// <item><see cref="ColdTierHost"/> (from <c>AddColdTier()</c>) migrates PostgreSQL and records the first embedding version;</item>
    /// <item><see cref="HotTierEngineProbe"/> probes Redis and chooses the hot tier's engine;</item>
    /// <item><see cref="EmbeddingVersionFollower"/> opens the live embedding version, then follows switches for as long as the host runs.</item>
    /// </list>
    /// A server that cannot hold either tier stops the host. Needs the result cache, the Redis connection and a
    /// pgvector-enabled <see cref="Npgsql.NpgsqlDataSource"/>. Schedules (the hot-set refresh's) are the host's to add.
    /// </summary>
    public static IHostApplicationBuilder AddRetrievalTiers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEmbeddings();
        builder.AddVectorHotTier();
        builder.AddColdTier();
        builder.AddTwoTierRetrieval();
        builder.AddReembedding();
        builder.Services.AddHostedService<HotTierEngineProbe>();
        builder.Services.TryAddChannelSubscriptions();
        builder.Services.AddHostedService<EmbeddingVersionFollower>();
        return builder;
    }
}
