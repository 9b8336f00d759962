using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Unit.Embeddings;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Embeddings;

/// <summary>What the embedding cache leaves in a real Redis: float32 values, older JSON values still read, bad ones replaced.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class EmbeddingCacheFormatOnRedisTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly CachePolicy Policy = CachePolicy.Fixed(TimeSpan.FromHours(1));
    private readonly string prefix = TestCaches.NewPrefix();
    private ConnectionMultiplexer redis = null!;
    private ResultCache cache = null!;

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        cache = TestCaches.Create(redis, prefix, serializer: Float32Serializer());
    }

    public async Task DisposeAsync()
    {
        cache.Dispose();
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task ARealCachedEmbeddingOf384DimensionsTakes1536BytesPlusItsHeadersInRedis()
    {
        using var model = new LocalEmbeddingGenerator();
        using var generator = new CachingEmbeddingGenerator(model, cache, Policy, "all-MiniLM-L6-v2");

        var stored = await generator.GenerateAsync("How should insulin be stored?").WaitAsync(TimeSpan.FromSeconds(60));
        var read = await generator.GenerateAsync("How should insulin be stored?");

        Assert.Equal(384, stored.Vector.Length);
        Assert.Equal(CacheOutcome.Hit, read.GetCacheOutcome());
        Assert.Equal(stored.Vector.ToArray(), read.Vector.ToArray());
        Assert.Equal("all-MiniLM-L6-v2", read.ModelId);
        // The cache's 24-byte envelope (no tags), the embedding's 18-byte header and its 16-byte model id, 384 float32s.
        Assert.Equal(24 + 18 + 16 + 1536, await redis.GetDatabase().StringLengthAsync(ValueKey(generator.KeyFor("How should insulin be stored?"))));
        Assert.Equal(1594, CacheEnvelope.HeaderSize + CachedEmbeddingSerializer.FixedHeaderSize + "all-MiniLM-L6-v2".Length + (384 * sizeof(float)));
    }

    [Fact]
    public async Task AnEmbeddingAnOlderReplicaCachedAsJsonIsAHitWithTheSameVector()
    {
        var model = new CountingEmbeddingGenerator();
        using var older = TestCaches.Create(redis, prefix);
        using var olderGenerator = new CachingEmbeddingGenerator(model, older, Policy, "test-model");
        using var generator = new CachingEmbeddingGenerator(model, cache, Policy, "test-model");

        await olderGenerator.GenerateAsync("fish soup");
        var read = await generator.GenerateAsync("fish soup");

        Assert.Equal("{", (await redis.GetDatabase().StringGetRangeAsync(ValueKey(generator.KeyFor("fish soup")), CacheEnvelope.HeaderSize, CacheEnvelope.HeaderSize)).ToString());
        Assert.Equal(CacheOutcome.Hit, read.GetCacheOutcome());
        Assert.Equal(CountingEmbeddingGenerator.VectorOf("fish soup"), read.Vector.ToArray());
        Assert.Single(model.Calls);
    }

    [Fact]
    public async Task ATruncatedEntryIsAMissAndIsReplacedByAWholeOne()
    {
        var model = new CountingEmbeddingGenerator();
        using var generator = new CachingEmbeddingGenerator(model, cache, Policy, "test-model");
        var key = ValueKey(generator.KeyFor("fish soup"));
        await generator.GenerateAsync("fish soup");
        var database = redis.GetDatabase();
        var whole = (byte[])(await database.StringGetAsync(key))!;
        await database.StringSetAsync(key, whole[..^3], TimeSpan.FromHours(1));

        var read = await generator.GenerateAsync("fish soup");

        Assert.Equal(CacheOutcome.Miss, read.GetCacheOutcome());
        Assert.Equal(CountingEmbeddingGenerator.VectorOf("fish soup"), read.Vector.ToArray());
        Assert.Equal(2, model.Calls.Count);
        Assert.Equal(whole.Length, await database.StringLengthAsync(key));
    }

    private static TypedCacheSerializer Float32Serializer() =>
        new TypedCacheSerializer(new SystemTextJsonCacheSerializer()).With(new CachedEmbeddingSerializer());

    private string ValueKey(string key) => new CacheKeys(prefix).Value(key);
}
