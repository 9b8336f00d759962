using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Caching;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace RedisAspire.Benchmarks;

/// <summary>
/// One read of a key that is present, by every path, against one Redis in one run. Each arm has a key of the same
/// shape holding the same payload; L2 arms neither read nor write an in-process copy, L1 arms hit one.
/// </summary>
[MemoryDiagnoser]
public class HitPathBenchmarks
{
    private const string Key = "emb:all-minilm-l6-v2:3f79bb7b435b05321651daefd374cd21";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly EmbeddingPayload Payload = EmbeddingPayload.Create();
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

        // Store every arm's entry (a miss), then check that the next read is the hit the arm claims to measure.
        await Expect(CacheOutcome.Hit, RedisAspireL2Hit);
        await Expect(CacheOutcome.Hit, RedisAspireSlidingL2Hit);
        await Expect(CacheOutcome.L1Hit, RedisAspireL1Hit);
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
        fusion.Dispose();
        await hybridServices.DisposeAsync();
        await redis.DisposeAsync();
        if (misses != 0)
        {
            throw new InvalidOperationException($"Factories ran {misses} times while measuring: some reads were misses, not hits.");
        }
    }

    [Benchmark(Baseline = true, Description = "Raw StringGetAsync + System.Text.Json")]
    public async Task<EmbeddingPayload> RawGet()
    {
        var value = await database.StringGetAsync($"raw:{Key}:fixed");
        return System.Text.Json.JsonSerializer.Deserialize<EmbeddingPayload>(((ReadOnlyMemory<byte>)value).Span, EmbeddingPayload.Json)!;
    }

    [Benchmark(Description = "RedisAspire L2 hit (fixed)")]
    public ValueTask<CacheResult<EmbeddingPayload>> RedisAspireL2Hit() =>
        resultCache.GetOrCreateAsync($"{Key}:fixed", static _ => Compute(), FixedL2);

    [Benchmark(Description = "RedisAspire L2 hit (sliding, GETEX)")]
    public ValueTask<CacheResult<EmbeddingPayload>> RedisAspireSlidingL2Hit() =>
        resultCache.GetOrCreateAsync($"{Key}:sliding", static _ => Compute(), SlidingL2);

    [Benchmark(Description = "RedisAspire L1 hit")]
    public ValueTask<CacheResult<EmbeddingPayload>> RedisAspireL1Hit() =>
        resultCache.GetOrCreateAsync($"{Key}:l1", static _ => Compute(), FixedL1);

    [Benchmark(Description = "FusionCache L2 hit")]
    public ValueTask<EmbeddingPayload> FusionCacheL2Hit() =>
        fusion.GetOrSetAsync<EmbeddingPayload>($"{Key}:fixed", static (_, _) => Compute().AsTask(), FusionL2);

    [Benchmark(Description = "FusionCache L1 hit")]
    public ValueTask<EmbeddingPayload> FusionCacheL1Hit() =>
        fusion.GetOrSetAsync<EmbeddingPayload>($"{Key}:l1", static (_, _) => Compute().AsTask(), FusionL1);

    [Benchmark(Description = "HybridCache L2 hit")]
    public ValueTask<EmbeddingPayload> HybridCacheL2Hit() =>
        hybrid.GetOrCreateAsync($"{Key}:fixed", static _ => Compute(), HybridL2);

    [Benchmark(Description = "HybridCache L1 hit")]
    public ValueTask<EmbeddingPayload> HybridCacheL1Hit() =>
        hybrid.GetOrCreateAsync($"{Key}:l1", static _ => Compute(), HybridL1);

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

    private static async Task Expect(CacheOutcome outcome, Func<ValueTask<CacheResult<EmbeddingPayload>>> read)
    {
        await read();
        var second = await read();
        if (second.Outcome != outcome)
        {
            throw new InvalidOperationException($"{read.Method.Name}: the second read was {second.Outcome}, not {outcome}.");
        }
    }
}
