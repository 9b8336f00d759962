using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace RedisAspire.Benchmarks;

/// <summary>
/// One read of a key that is present, by every path, against one Redis in one run. Each arm has a key of the same
/// shape holding the same payload; L2 arms neither read nor write an in-process copy, L1 arms hit one.
/// </summary>
/// <remarks>
/// Two groups, each with its own baseline: <see cref="PayloadCategory"/> compares the libraries on one JSON payload;
/// <see cref="EmbeddingCategory"/> compares the embedding cache's hit (float32 values) with a raw GET of the same
/// embedding stored as System.Text.Json.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HitPathBenchmarks
{
    public const string PayloadCategory = "Payload";
    public const string EmbeddingCategory = "Embedding";

    private const string Key = "emb:all-minilm-l6-v2:3f79bb7b435b05321651daefd374cd21";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly EmbeddingPayload Payload = EmbeddingPayload.Create();
    private static readonly CachedEmbedding Embedding = EmbeddingEntry.Create();
    private static int factoryRuns;

    private static readonly CachePolicy FixedL2 = CachePolicy.Fixed(Lifetime);
    private static readonly CachePolicy SlidingL2 = CachePolicy.Sliding(Lifetime);
    private static readonly CachePolicy FixedL1 = CachePolicy.Fixed(Lifetime) with { UseL1 = true };

    private static readonly FusionCacheEntryOptions FusionL2 = new() { Duration = Lifetime, SkipMemoryCacheRead = true, SkipMemoryCacheWrite = true };
    private static readonly FusionCacheEntryOptions FusionL1 = new() { Duration = Lifetime };

    private static readonly HybridCacheEntryOptions HybridL2 = new()
    {
        Expiration = Lifetime, LocalCacheExpiration = Lifetime, Flags = HybridCacheEntryFlags.DisableLocalCache,
    };

    private static readonly HybridCacheEntryOptions HybridL1 = new() { Expiration = Lifetime, LocalCacheExpiration = Lifetime };

    private ConnectionMultiplexer redis = null!;
    private IDatabase database = null!;
    private ResultCache resultCache = null!;
    private FusionCache fusion = null!;
    private ServiceProvider hybridServices = null!;
    private HybridCache hybrid = null!;
    private ResultCache embeddingCache = null!;
    private CachingEmbeddingGenerator embeddings = null!;
    private ResultCache inProcessEmbeddingCache = null!;
    private CachingEmbeddingGenerator inProcessEmbeddings = null!;
    private string embeddingKey = null!;
    private string rawEmbeddingKey = null!;
    private readonly CachedEmbeddingSerializer float32Serializer = new();
    private byte[] embeddingJson = null!;
    private byte[] embeddingFloat32 = null!;
    private int factoryRunsAfterSetup;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        redis = await BenchmarkRedis.ConnectAsync();
        database = redis.GetDatabase();
        await database.StringSetAsync($"raw:{Key}:fixed", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Payload, EmbeddingPayload.Json), Lifetime);

        resultCache = new ResultCache(
            redis, new SharedConnectionSubscriptions(redis), new SystemTextJsonCacheSerializer(EmbeddingPayload.Json), Options.Create(new ResultCacheOptions { KeyPrefix = "ra" }),
            new CacheStatistics(), TimeProvider.System, NullLogger<ResultCache>.Instance);
        fusion = PeerCaches.Fusion(redis, "fc");
        hybridServices = PeerCaches.Hybrid(redis, "hc:");
        hybrid = hybridServices.GetRequiredService<HybridCache>();

        // The embedding cache as the services build it: float32 for embeddings, System.Text.Json for anything else.
        embeddingCache = new ResultCache(
            redis, new SharedConnectionSubscriptions(redis),
            new TypedCacheSerializer(new SystemTextJsonCacheSerializer()).With(new CachedEmbeddingSerializer()),
            Options.Create(new ResultCacheOptions { KeyPrefix = "ra-emb" }), new CacheStatistics(), TimeProvider.System, NullLogger<ResultCache>.Instance);
        embeddings = new CachingEmbeddingGenerator(
            new EmbeddingEntry.CountingModel(Embedding, () => Interlocked.Increment(ref factoryRuns)), embeddingCache, FixedL2, EmbeddingEntry.Model);
        embeddingKey = embeddings.KeyFor(EmbeddingEntry.Text);

        // The same generator with the services' default policy (an in-process copy), over its own cache instance so
        // that its copy cannot serve the Redis arm.
        inProcessEmbeddingCache = new ResultCache(
            redis, new SharedConnectionSubscriptions(redis),
            new TypedCacheSerializer(new SystemTextJsonCacheSerializer()).With(new CachedEmbeddingSerializer()),
            Options.Create(new ResultCacheOptions { KeyPrefix = "ra-emb" }), new CacheStatistics(), TimeProvider.System, NullLogger<ResultCache>.Instance);
        inProcessEmbeddings = new CachingEmbeddingGenerator(
            new EmbeddingEntry.CountingModel(Embedding, () => Interlocked.Increment(ref factoryRuns)), inProcessEmbeddingCache,
            new EmbeddingCacheOptions { TimeToLive = Lifetime }.ToPolicy(), EmbeddingEntry.Model);
        rawEmbeddingKey = $"raw:{embeddingKey}";
        embeddingJson = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Embedding, EmbeddingPayload.Json);
        var float32 = new System.Buffers.ArrayBufferWriter<byte>();
        float32Serializer.Serialize(Embedding, float32);
        embeddingFloat32 = float32.WrittenSpan.ToArray();
        Console.WriteLine($"// Embedding entry: {embeddingJson.Length} B as System.Text.Json, {embeddingFloat32.Length} B as float32");
        await database.StringSetAsync(rawEmbeddingKey, embeddingJson, Lifetime);

        // Store every arm's entry (a miss), then check that the next read is the hit the arm claims to measure.
        await Expect(CacheOutcome.Hit, RedisAspireL2Hit);
        await Expect(CacheOutcome.Hit, RedisAspireSlidingL2Hit);
        await Expect(CacheOutcome.L1Hit, RedisAspireL1Hit);
        await EmbeddingCacheHit();
        if ((await EmbeddingCacheHit()).GetCacheOutcome() != CacheOutcome.Hit)
        {
            throw new InvalidOperationException($"{nameof(EmbeddingCacheHit)}: the second read was not a hit.");
        }

        await InProcessEmbeddingCacheHit();
        if ((await InProcessEmbeddingCacheHit()).GetCacheOutcome() != CacheOutcome.L1Hit)
        {
            throw new InvalidOperationException($"{nameof(InProcessEmbeddingCacheHit)}: the second read was not an in-process hit.");
        }

        await Expect(CacheOutcome.Hit, RedisAspireEmbeddingRead);
        foreach (var read in new Func<ValueTask<EmbeddingPayload>>[] { FusionCacheL2Hit, FusionCacheL1Hit, HybridCacheL2Hit, HybridCacheL1Hit })
        {
            await ExpectHit(read);
        }

        factoryRunsAfterSetup = Volatile.Read(ref factoryRuns);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        var misses = Volatile.Read(ref factoryRuns) - factoryRunsAfterSetup;
        resultCache.Dispose();
        embeddings.Dispose();
        embeddingCache.Dispose();
        inProcessEmbeddings.Dispose();
        inProcessEmbeddingCache.Dispose();
        fusion.Dispose();
        await hybridServices.DisposeAsync();
        await redis.DisposeAsync();
        if (misses != 0)
        {
            throw new InvalidOperationException($"Factories ran {misses} times while measuring: some reads were misses, not hits.");
        }
    }

    [Benchmark(Baseline = true, Description = "Raw StringGetAsync + System.Text.Json")]
    [BenchmarkCategory(PayloadCategory)]
    public async Task<EmbeddingPayload> RawGet()
    {
        var value = await database.StringGetAsync($"raw:{Key}:fixed");
        return System.Text.Json.JsonSerializer.Deserialize<EmbeddingPayload>(((ReadOnlyMemory<byte>)value).Span, EmbeddingPayload.Json)!;
    }

    [Benchmark(Description = "RedisAspire L2 hit (fixed)")]
    [BenchmarkCategory(PayloadCategory)]
    public ValueTask<CacheResult<EmbeddingPayload>> RedisAspireL2Hit() =>
        resultCache.GetOrCreateAsync($"{Key}:fixed", static _ => Compute(), FixedL2);

    [Benchmark(Description = "RedisAspire L2 hit (sliding, GETEX)")]
    [BenchmarkCategory(PayloadCategory)]
    public ValueTask<CacheResult<EmbeddingPayload>> RedisAspireSlidingL2Hit() =>
        resultCache.GetOrCreateAsync($"{Key}:sliding", static _ => Compute(), SlidingL2);

    [Benchmark(Description = "RedisAspire L1 hit")]
    [BenchmarkCategory(PayloadCategory)]
    public ValueTask<CacheResult<EmbeddingPayload>> RedisAspireL1Hit() =>
        resultCache.GetOrCreateAsync($"{Key}:l1", static _ => Compute(), FixedL1);

    [Benchmark(Description = "FusionCache L2 hit")]
    [BenchmarkCategory(PayloadCategory)]
    public ValueTask<EmbeddingPayload> FusionCacheL2Hit() =>
        fusion.GetOrSetAsync<EmbeddingPayload>($"{Key}:fixed", static (_, _) => Compute().AsTask(), FusionL2);

    [Benchmark(Description = "FusionCache L1 hit")]
    [BenchmarkCategory(PayloadCategory)]
    public ValueTask<EmbeddingPayload> FusionCacheL1Hit() =>
        fusion.GetOrSetAsync<EmbeddingPayload>($"{Key}:l1", static (_, _) => Compute().AsTask(), FusionL1);

    [Benchmark(Description = "HybridCache L2 hit")]
    [BenchmarkCategory(PayloadCategory)]
    public ValueTask<EmbeddingPayload> HybridCacheL2Hit() =>
        hybrid.GetOrCreateAsync($"{Key}:fixed", static _ => Compute(), HybridL2);

    [Benchmark(Description = "HybridCache L1 hit")]
    [BenchmarkCategory(PayloadCategory)]
    public ValueTask<EmbeddingPayload> HybridCacheL1Hit() =>
        hybrid.GetOrCreateAsync($"{Key}:l1", static _ => Compute(), HybridL1);

    [Benchmark(Baseline = true, Description = "Raw StringGetAsync + System.Text.Json (embedding)")]
    [BenchmarkCategory(EmbeddingCategory)]
    public async Task<float[]> RawGetEmbeddingJson()
    {
        var value = await database.StringGetAsync(rawEmbeddingKey);
        return System.Text.Json.JsonSerializer.Deserialize<CachedEmbedding>(((ReadOnlyMemory<byte>)value).Span, EmbeddingPayload.Json)!.Vector;
    }

    [Benchmark(Description = "RedisAspire L2 hit (embedding, float32)")]
    [BenchmarkCategory(EmbeddingCategory)]
    public async Task<float[]> RedisAspireEmbeddingL2Hit() =>
        (await RedisAspireEmbeddingRead()).Value.Vector;

    [Benchmark(Description = "Embedding cache hit (generator, float32, from Redis)")]
    [BenchmarkCategory(EmbeddingCategory)]
    public Task<Embedding<float>> EmbeddingCacheHit() => embeddings.GenerateAsync(EmbeddingEntry.Text);

    [Benchmark(Description = "Embedding cache hit (generator, in-process copy: the default)")]
    [BenchmarkCategory(EmbeddingCategory)]
    public Task<Embedding<float>> InProcessEmbeddingCacheHit() => inProcessEmbeddings.GenerateAsync(EmbeddingEntry.Text);

    [Benchmark(Description = "System.Text.Json deserialize only (embedding)")]
    [BenchmarkCategory(EmbeddingCategory)]
    public float[] JsonDeserializeEmbedding() =>
        System.Text.Json.JsonSerializer.Deserialize<CachedEmbedding>(embeddingJson, EmbeddingPayload.Json)!.Vector;

    [Benchmark(Description = "float32 deserialize only (embedding)")]
    [BenchmarkCategory(EmbeddingCategory)]
    public float[] Float32DeserializeEmbedding() => float32Serializer.Deserialize(embeddingFloat32).Vector;

    private ValueTask<CacheResult<CachedEmbedding>> RedisAspireEmbeddingRead() =>
        embeddingCache.GetOrCreateAsync(embeddingKey, static _ => ComputeEmbedding(), FixedL2);

    private static ValueTask<CachedEmbedding> ComputeEmbedding()
    {
        Interlocked.Increment(ref factoryRuns);
        return ValueTask.FromResult(Embedding);
    }

    private static ValueTask<EmbeddingPayload> Compute()
    {
        Interlocked.Increment(ref factoryRuns);
        return ValueTask.FromResult(Payload);
    }

    /// <summary>
    /// Reads until a read runs no factory. HybridCache returns before its Redis write lands, so the read right after a
    /// first store can still miss; the wait for it is bounded.
    /// </summary>
    private static async Task ExpectHit(Func<ValueTask<EmbeddingPayload>> read)
    {
        await read();
        for (var attempt = 1; ; attempt++)
        {
            var runs = Volatile.Read(ref factoryRuns);
            await read();
            if (Volatile.Read(ref factoryRuns) == runs)
            {
                return;
            }

            if (attempt == 50)
            {
                throw new InvalidOperationException($"{read.Method.Name}: every read ran the factory; it would not measure a hit.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static async Task Expect<T>(CacheOutcome outcome, Func<ValueTask<CacheResult<T>>> read)
    {
        await read();
        var second = await read();
        if (second.Outcome != outcome)
        {
            throw new InvalidOperationException($"{read.Method.Name}: the second read was {second.Outcome}, not {outcome}.");
        }
    }
}
