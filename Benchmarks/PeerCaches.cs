using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Locking.Distributed.Redis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace RedisAspire.Benchmarks;

/// <summary>
/// FusionCache and HybridCache wired as their documentation shows, on the benchmark's own Redis connection (so every
/// arm shares one multiplexer) and with the payload's System.Text.Json options.
/// </summary>
internal static class PeerCaches
{
    /// <summary>Microsoft.Extensions.Caching.StackExchangeRedis's IDistributedCache, the L2 both peers are built on.</summary>
    public static RedisCache DistributedCache(IConnectionMultiplexer redis, string instanceName) => new(Options.Create(
        new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis), InstanceName = instanceName }));

    /// <summary>A FusionCache with its own memory cache, Redis as L2 and, when given, the Redis distributed locker.</summary>
    public static FusionCache Fusion(IConnectionMultiplexer redis, string name, bool distributedLocker = false)
    {
        var cache = new FusionCache(new FusionCacheOptions { CacheName = name, CacheKeyPrefix = $"{name}:" });
        cache.SetupSerializer(new FusionCacheSystemTextJsonSerializer(EmbeddingPayload.Json));
        cache.SetupDistributedCache(DistributedCache(redis, string.Empty));
        if (distributedLocker)
        {
            cache.SetupDistributedLocker(new RedisDistributedLocker(Options.Create(
                new RedisDistributedLockerOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) })));
        }

        return cache;
    }

    /// <summary>A HybridCache (own service provider, so its own local cache) over Redis; dispose the provider to drop it.</summary>
    public static ServiceProvider Hybrid(IConnectionMultiplexer redis, string instanceName)
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(options =>
        {
            options.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
            options.InstanceName = instanceName;
        });
        services.AddHybridCache().AddSerializer(new JsonHybridCacheSerializer<EmbeddingPayload>());
        return services.BuildServiceProvider();
    }
}
