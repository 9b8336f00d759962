using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Unit.Embeddings;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Embeddings;

/// <summary>The embedding cache decorator over the real result cache and a real Redis.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class CachedEmbeddingsOnRedisTests(LocalServersFixture servers) : CacheOnSharedRedis(servers)
{
    private readonly CountingEmbeddingGenerator model = new();

    [Fact]
    public async Task ABatchStoresItsMissesInRedisAndTheNextBatchReadsThemBack()
    {
        using var generator = new CachingEmbeddingGenerator(model, Cache, CachePolicy.Fixed(TimeSpan.FromHours(1)), "test-model");

        var first = await generator.GenerateAsync(["alpha", "beta"]);
        var second = await generator.GenerateAsync(["beta", "gamma", "alpha"]);

        Assert.Equal([["alpha", "beta"], ["gamma"]], model.Calls);
        Assert.All(first, embedding => Assert.Equal(CacheOutcome.Miss, embedding.GetCacheOutcome()));
        Assert.Equal([CacheOutcome.Hit, CacheOutcome.Miss, CacheOutcome.Hit], second.Select(embedding => embedding.GetCacheOutcome()));
        Assert.Equal(CountingEmbeddingGenerator.VectorOf("beta"), second[0].Vector.ToArray());
        var stored = await Cache.GetEntryInfoAsync(generator.KeyFor("alpha"));
        Assert.NotNull(stored);
        Assert.InRange(stored.TimeToLive!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task AnotherReplicaReadsTheVectorsThisOneStored()
    {
        using var otherReplicaCache = TestCaches.Create(Redis, Prefix);
        using var here = new CachingEmbeddingGenerator(model, Cache, CachePolicy.Fixed(TimeSpan.FromHours(1)), "test-model");
        using var there = new CachingEmbeddingGenerator(new CountingEmbeddingGenerator(), otherReplicaCache, CachePolicy.Fixed(TimeSpan.FromHours(1)), "test-model");

        await here.GenerateAsync("How should insulin be stored?");
        var read = await there.GenerateAsync("How should insulin be stored?");

        Assert.Equal(CacheOutcome.Hit, read.GetCacheOutcome());
    }
}
