using RedisAspire.Core.Caching;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Caching;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class StampedeTests(LocalServersFixture servers, ITestOutputHelper output) : CacheOnSharedRedis(servers)
{
    [Fact]
    public async Task ReadersHammeringAKeyAcrossItsExpiryNeverMissWithEarlyRecompute()
    {
        // XFetch fires about delta * ln(reads per delta) before expiry: at ~10^5 reads/s and a 50 ms factory, ~0.6 s.
        var lifetime = TimeSpan.FromSeconds(2);
        var policy = CachePolicy.Fixed(lifetime) with { Stampede = StampedeProtection.EarlyRecompute };
        var (factory, runs) = TestCaches.CountingFactory(TimeSpan.FromMilliseconds(50));
        await Cache.GetOrCreateAsync("hot", factory, policy);
        var hammering = TimeSpan.FromSeconds(6);
        var until = DateTimeOffset.UtcNow + hammering;
        var misses = 0;
        var reads = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (DateTimeOffset.UtcNow < until)
            {
                var result = await Cache.GetOrCreateAsync("hot", factory, policy);
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

    [Fact]
    public async Task WithStaleServingOnlyTheLockHolderWaitsForTheRecompute()
    {
        var policy = CachePolicy.Fixed(TimeSpan.FromMilliseconds(300)) with
        {
            Stampede = StampedeProtection.DistributedLock,
            ServeStaleWhileRecomputing = true,
            LockTimeToLive = TimeSpan.FromSeconds(5),
        };
        var (factory, runs) = TestCaches.CountingFactory(TimeSpan.FromMilliseconds(300));
        await Cache.GetOrCreateAsync("stale", factory, policy);
        await Eventually.HoldsAsync(async () => (await Cache.GetEntryInfoAsync("stale"))!.StoredAt.AddMilliseconds(300) < DateTimeOffset.UtcNow,
            TimeSpan.FromSeconds(5), "the value's lifetime ended (it stays in Redis for the lock's lifetime)");

        // Another replica holds the lock while it recomputes.
        using var otherReplica = TestCaches.Create(Redis, Prefix);
        var recompute = otherReplica.GetOrCreateAsync("stale", factory, policy).AsTask();
        await Eventually.HoldsAsync(async () => await Redis.GetDatabase().KeyExistsAsync($"{Prefix}:{{stale}}:lock"),
            TimeSpan.FromSeconds(5), "the other replica took the lock");
        var served = await Cache.GetOrCreateAsync("stale", factory, policy);

        Assert.Equal((CacheOutcome.Stale, "value 1"), (served.Outcome, served.Value));
        Assert.Equal((CacheOutcome.Miss, "value 2"), ((await recompute).Outcome, (await recompute).Value));
        Assert.Equal(2, runs());
    }
}
