using RedisAspire.Core.Caching;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Caching;

/// <summary>Lock-and-recompute across replicas, run against every kind of shared Redis (one server, a cluster).</summary>
public abstract class StampedeContract(ISharedRedis servers) : CacheOnSharedRedis(servers)
{
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
