using RedisAspire.Core.Caching;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Caching;

/// <summary>
/// XFetch's promise depends on the recompute landing before expiry, so this test runs alone (no other test
/// collection competing for the two cores) on a Redis of its own.
/// </summary>
/// <param name="output">Where the measured figures are written.</param>
/// <param name="startRedis">Starts the Redis of this class's tests: one server, or a cluster.</param>
public abstract class EarlyRecomputeContract(ITestOutputHelper output, Func<Task<IStartedRedis>> startRedis) : IAsyncLifetime
{
    private IStartedRedis server = null!;
    private ConnectionMultiplexer redis = null!;
    private ResultCache cache = null!;

    public async Task InitializeAsync()
    {
        server = await startRedis();
        redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        cache = TestCaches.Create(redis, TestCaches.NewPrefix());
    }

    public async Task DisposeAsync()
    {
        cache.Dispose();
        await redis.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task ReadersHammeringAKeyAcrossItsExpiryNeverMissWithEarlyRecompute()
    {
        // XFetch fires about delta * ln(reads per delta) before expiry: at ~10^5 reads/s and a 50 ms factory, ~0.6 s.
        var lifetime = TimeSpan.FromSeconds(2);
        var policy = CachePolicy.Fixed(lifetime) with { Stampede = StampedeProtection.EarlyRecompute };
        var (factory, runs) = TestCaches.CountingFactory(TimeSpan.FromMilliseconds(50));
        await cache.GetOrCreateAsync("hot", factory, policy);
        var hammering = TimeSpan.FromSeconds(6);
        var until = DateTimeOffset.UtcNow + hammering;
        var misses = 0;
        var reads = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (DateTimeOffset.UtcNow < until)
            {
                var result = await cache.GetOrCreateAsync("hot", factory, policy);
                Interlocked.Increment(ref reads);
                if (result.Outcome == CacheOutcome.Miss)
                {
                    Interlocked.Increment(ref misses);
                }
            }
        })));

        var windows = hammering / lifetime;
        var recomputes = runs() - 1;
        output.WriteLine($"{reads} reads over {windows} lifetimes: {misses} misses, {recomputes} early recomputes ({recomputes / windows:0.00} per lifetime)");
        Assert.Equal(0, misses);
        Assert.InRange(recomputes / windows, 1.0, 2.0);
    }
}
