using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Answers.Semantic;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Answers.Semantic;

/// <summary><c>AddSemanticAnswerCache()</c> in a host: the cache runs on the engine the hot tier chose at start-up and finds answers in the result cache.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class SemanticAnswerCacheHostingTests(LocalServersFixture servers)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AHostWithTheHotTierAndTheResultCacheAnswersARewordedQuestionFromTheSemanticCache()
    {
        var prefix = TestCaches.NewPrefix();
        var indexName = $"answers{prefix}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var embeddings = new WordHashEmbeddingGenerator(dimensions: 384);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vectors:Engine"] = "auto",
            ["ResultCache:KeyPrefix"] = prefix,
            ["Answers:Semantic:KeyPrefix"] = prefix,
            ["Answers:Semantic:IndexName"] = indexName,
        });
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings);
        builder.AddVectorHotTier();
        builder.Services.AddHostedService<HotTierEngineProbe>();
        builder.Services.AddResultCache();
        builder.Services.AddSemanticAnswerCache();
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(Timeout);
        try
        {
            var cache = host.Services.GetRequiredService<ISemanticAnswerCache>();
            var answers = host.Services.GetRequiredService<IResultCache>();
            var scope = new SemanticScope("tidewater", "none", "local/extractive", 1);
            const string key = "tenant:tidewater:answer:insulin";
            await answers.GetOrCreateAsync(key, _ => ValueTask.FromResult("Keep it refrigerated at 2-8 C."), CachePolicy.Fixed(TimeSpan.FromHours(1)));

            await cache.AddAsync(scope, embeddings.VectorOf("How should insulin be stored?"), key, ["doc-1"]).WaitAsync(Timeout);
            // One word more out of six: a cosine distance of about 0.087 with this embedding, within the default 0.1.
            var hit = await cache.LookupAsync(scope, embeddings.VectorOf("How should insulin be properly stored?")).WaitAsync(Timeout);

            Assert.NotNull(hit);
            Assert.Equal(key, hit.AnswerKey);
            Assert.Equal(["doc-1"], hit.CitedDocumentIds);
            Assert.Equal(1, cache.Statistics().Hits);
        }
        finally
        {
            await host.StopAsync().WaitAsync(Timeout);
            var engine = host.Services.GetRequiredService<VectorHotTier>().Engine;
            await engine.Open(redis, SemanticAnswerCache.Schema(new SemanticAnswerCacheOptions { IndexName = indexName, KeyPrefix = prefix }, 1, 384))
                .DropAsync(CancellationToken.None);
            var server = redis.GetServers().Single(server => !server.IsReplica);
            await redis.GetDatabase().KeyDeleteAsync([.. server.Keys(pattern: $"{prefix}*")]);
        }
    }
}
