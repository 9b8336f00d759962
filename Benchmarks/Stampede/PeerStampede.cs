using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace RedisAspire.Benchmarks.Stampede;

/// <summary>A replica's read: the cache's GetOrCreate for a key with a factory.</summary>
internal delegate ValueTask<string> ReplicaRead(string key, Func<CancellationToken, ValueTask<string>> factory, CancellationToken cancellationToken);

/// <summary>
/// The stampede of <see cref="Core.Caching.StampedeLab"/> against FusionCache and HybridCache: fresh instances per
/// run standing in for replicas (each with its own memory cache), sharing Redis, callers spread over them in turn,
/// each caller timed from its own start as the lab does. Each run has a connection of its own: disposing these caches
/// disposes the connection their IDistributedCache was given.
/// </summary>
internal static class PeerStampede
{
    private static readonly FusionCacheEntryOptions FusionOptions = new() { Duration = TimeSpan.FromMinutes(1) };
    private static readonly HybridCacheEntryOptions HybridOptions = new() { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromMinutes(1) };

    /// <summary>FusionCache instances with the Redis distributed locker: one execution across replicas is the aim.</summary>
    public static async Task<StampedeSample> FusionCacheAsync(int replicas, int callers, int factoryMilliseconds, CancellationToken cancellationToken)
    {
        await using var redis = await BenchmarkRedis.ConnectAsync();
        var caches = Enumerable.Range(0, replicas).Select(_ => PeerCaches.Fusion(redis, "fc-stampede", distributedLocker: true)).ToList();
        var key = NewKey();
        try
        {
            return await RunAsync(
                caches.Select(cache => (ReplicaRead)((k, factory, ct) => cache.GetOrSetAsync<string>(k, (_, t) => factory(t).AsTask(), FusionOptions, ct))).ToList(),
                key, callers, factoryMilliseconds, cancellationToken);
        }
        finally
        {
            await caches[0].RemoveAsync(key, token: CancellationToken.None);
            caches.ForEach(cache => cache.Dispose());
        }
    }

    /// <summary>HybridCache instances: protection within each process only, so one execution per replica is the aim.</summary>
    public static async Task<StampedeSample> HybridCacheAsync(int replicas, int callers, int factoryMilliseconds, CancellationToken cancellationToken)
    {
        await using var redis = await BenchmarkRedis.ConnectAsync();
        var providers = Enumerable.Range(0, replicas).Select(_ => PeerCaches.Hybrid(redis, "hc-stampede:")).ToList();
        var caches = providers.Select(provider => provider.GetRequiredService<HybridCache>()).ToList();
        var key = NewKey();
        try
        {
            return await RunAsync(
                caches.Select(cache => (ReplicaRead)((k, factory, ct) => cache.GetOrCreateAsync(k, factory, HybridOptions, cancellationToken: ct))).ToList(),
                key, callers, factoryMilliseconds, cancellationToken);
        }
        finally
        {
            await caches[0].RemoveAsync(key, CancellationToken.None);
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    private static string NewKey() => $"stampede-lab:{Guid.NewGuid():N}";

    private static async Task<StampedeSample> RunAsync(
        IReadOnlyList<ReplicaRead> replicas, string key, int callers, int factoryMilliseconds, CancellationToken cancellationToken)
    {
        var factoryRuns = 0;
        var latencies = new ConcurrentBag<double>();
        async ValueTask<string> Factory(CancellationToken _)
        {
            Interlocked.Increment(ref factoryRuns);
            await Task.Delay(factoryMilliseconds, CancellationToken.None);
            return "computed";
        }

        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            await replicas[caller % replicas.Count](key, Factory, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }, cancellationToken)));
        return StampedeSample.From(factoryRuns, latencies);
    }
}
