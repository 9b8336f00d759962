using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Reembedding;

/// <summary>
/// A host wired as the Api and the Worker are (embeddings, both tiers, the versions, the pipeline, re-embedding) over the
/// real servers, under names of its own: a PostgreSQL schema, a hot index and a cache prefix.
/// </summary>
internal static class ReembedHost
{
    public static IHost Build(IConnectionMultiplexer redis, NpgsqlDataSource dataSource, string indexName, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Embeddings:Local:Model"] = LocalEmbeddingModels.MiniLM,
            ["Vectors:IndexName"] = indexName,
            ["Vectors:KeyPrefix"] = $"{indexName}:",
            ["ResultCache:KeyPrefix"] = TestCaches.NewPrefix(),
            ["HotSet:Size"] = "20",
            ["HotSet:Schedule"] = "off",
            ["Retrieval:VersionCheckInterval"] = "00:00:01",
            ["Reembed:RetireAfter"] = "00:00:00",
            ["Reembed:BatchSize"] = "16",
            ["Reembed:CatchUpRows"] = "0",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton(redis);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddResultCache();
        builder.AddRetrievalTiers();
        builder.AddIngestionPipeline();
        return builder.Build();
    }
}
