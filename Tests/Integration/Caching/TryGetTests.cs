using RedisAspire.Core.Caching;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Caching;

/// <summary><c>TryGetAsync</c>: a read that never computes, as a caller that has other places to look first needs.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class TryGetTests(LocalServersFixture servers) : CacheOnSharedRedis(servers)
{
    [Fact]
    public async Task AReadGivesAStoredValueAndNothingForAnAbsentKeyWithoutEverRunningAFactory()
    {
        var (factory, runs) = TestCaches.CountingFactory();
        await Cache.GetOrCreateAsync("stored", factory, CachePolicy.Fixed(TimeSpan.FromMinutes(1)));
        var before = Cache.Statistics.Snapshot();

        var found = await Cache.TryGetAsync<string>("stored", CachePolicy.Fixed(TimeSpan.FromMinutes(1)));
        var absent = await Cache.TryGetAsync<string>("absent", CachePolicy.Fixed(TimeSpan.FromMinutes(1)));

        Assert.Equal(new CacheResult<string>("value 1", CacheOutcome.Hit), found);
        Assert.Null(absent);
        Assert.Equal(1, runs());
        var after = Cache.Statistics.Snapshot();
        Assert.Equal((before.Hits + 1, before.Misses, before.FactoryRuns), (after.Hits, after.Misses, after.FactoryRuns));
        Assert.False(await Redis.GetDatabase().KeyExistsAsync($"{Prefix}:{{absent}}"));
    }

    [Fact]
    public async Task AReadWithoutTagsSlidesTheEntryAndKeepsACopyThatItsStoredTagsStillDrop()
    {
        var (factory, _) = TestCaches.CountingFactory();
        var valueKey = $"{Prefix}:{{sliding}}";
        await Cache.GetOrCreateAsync("sliding", factory, CachePolicy.Sliding(TimeSpan.FromSeconds(3)) with { Tags = ["doc:7"] });
        await Eventually.HoldsAsync(async () => await Redis.GetDatabase().KeyTimeToLiveAsync(valueKey) < TimeSpan.FromSeconds(2.5),
            TimeSpan.FromSeconds(5), "the window ran down by half a second");
        var reading = CachePolicy.Sliding(TimeSpan.FromSeconds(3)) with { UseL1 = true };

        var fromRedis = await Cache.TryGetAsync<string>("sliding", reading);
        var renewed = await Redis.GetDatabase().KeyTimeToLiveAsync(valueKey);
        var fromCopy = await Cache.TryGetAsync<string>("sliding", reading);

        Assert.Equal(CacheOutcome.Hit, fromRedis?.Outcome);
        Assert.InRange(renewed!.Value, TimeSpan.FromSeconds(2.8), TimeSpan.FromSeconds(3));
        Assert.Equal(CacheOutcome.L1Hit, fromCopy?.Outcome);
        Assert.Equal(["doc:7"], (await Cache.GetEntryInfoAsync("sliding"))!.Tags);
        Assert.Equal(1, await Cache.InvalidateTagAsync("doc:7"));
        Assert.False(Cache.HoldsCopy("sliding"));
        Assert.Null(await Cache.TryGetAsync<string>("sliding", reading));
    }

    [Fact]
    public async Task AReadThatFindsNothingNeitherWaitsForNorFailsAComputationUnderWay()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var policy = CachePolicy.Fixed(TimeSpan.FromMinutes(1)) with { Stampede = StampedeProtection.DistributedLock };
        var computing = Cache.GetOrCreateAsync("slow", async _ =>
        {
            started.SetResult();
            await release.Task;
            return "computed";
        }, policy).AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Cache.TryGetAsync<string>("slow", policy).AsTask()))
            .WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();

        Assert.All(reads, read => Assert.Null(read));
        Assert.Equal(new CacheResult<string>("computed", CacheOutcome.Miss), await computing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(CacheOutcome.Hit, (await Cache.TryGetAsync<string>("slow", policy))?.Outcome);
    }
}
