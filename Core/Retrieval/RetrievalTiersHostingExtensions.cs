using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Reembedding;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>Registers everything a service needs to search and write both tiers, in the one order that works.</summary>
public static class RetrievalTiersHostingExtensions
{
    /// <summary>
    /// <c>AddEmbeddings()</c>, <c>AddVectorHotTier()</c>, <c>AddColdTier()</c>, <c>AddTwoTierRetrieval()</c> and
    /// <c>AddReembedding()</c>, in the order their start-ups depend on: the hot tier's engine is probed and the cold
    /// tier migrated before the live embedding version is opened. Needs the result cache, the Redis connection and a
    /// pgvector-enabled <see cref="Npgsql.NpgsqlDataSource"/>.
    /// </summary>
    public static IHostApplicationBuilder AddRetrievalTiers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEmbeddings();
        builder.AddVectorHotTier();
        builder.Services.AddHostedService<HotTierEngineProbe>();
        builder.AddColdTier();
        builder.AddTwoTierRetrieval();
        builder.AddReembedding();
        return builder;
    }
}
