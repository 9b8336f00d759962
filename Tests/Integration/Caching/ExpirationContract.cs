using RedisAspire.Core.Caching;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Caching;

/// <summary>The cache's lifetimes, tags and invalidation, run against every kind of shared Redis (one server, a cluster).</summary>
public abstract class ExpirationContract(ISharedRedis servers) : CacheOnSharedRedis(servers)
{
    [Fact]
    public async Task AFixedLifetimeIsWhatWasAsked()
    {
        var (factory, runs) = TestCaches.CountingFactory();

        var first = await Cache.GetOrCreateAsync("fixed", factory, CachePolicy.Fixed(TimeSpan.FromSeconds(30)));
        var second = await Cache.GetOrCreateAsync("fixed", factory, CachePolicy.Fixed(TimeSpan.FromSeconds(30)));
        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync($"{Prefix}:{{fixed}}");

        Assert.Equal((CacheOutcome.Miss, CacheOutcome.Hit), (first.Outcome, second.Outcome));
        Assert.Equal("value 1", second.Value);
        Assert.Equal(1, runs());
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AFixedEntryIsRecomputedOnceItsLifetimeEnds()
    {
        var (factory, runs) = TestCaches.CountingFactory();
        var policy = CachePolicy.Fixed(TimeSpan.FromMilliseconds(300));
        await Cache.GetOrCreateAsync("short", factory, policy);

        await Eventually.HoldsAsync(async () => !await Redis.GetDatabase().KeyExistsAsync($"{Prefix}:{{short}}"),
            TimeSpan.FromSeconds(5), "the entry expired in Redis");
        var after = await Cache.GetOrCreateAsync("short", factory, policy);

        Assert.Equal(CacheOutcome.Miss, after.Outcome);
        Assert.Equal(("value 2", 2), (after.Value, runs()));
    }

    [Fact]
    public async Task EachHitPushesASlidingWindowOutAgain()
    {
        var (factory, _) = TestCaches.CountingFactory();
        var policy = CachePolicy.Sliding(TimeSpan.FromSeconds(3));
        var valueKey = $"{Prefix}:{{sliding}}";
        await Cache.GetOrCreateAsync("sliding", factory, policy);

        await Eventually.HoldsAsync(async () => await Redis.GetDatabase().KeyTimeToLiveAsync(valueKey) < TimeSpan.FromSeconds(2.5),
            TimeSpan.FromSeconds(5), "the window ran down by half a second");
        var hit = await Cache.GetOrCreateAsync("sliding", factory, policy);
        var renewed = await Redis.GetDatabase().KeyTimeToLiveAsync(valueKey);

        Assert.Equal(CacheOutcome.Hit, hit.Outcome);
        Assert.InRange(renewed!.Value, TimeSpan.FromSeconds(2.8), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ASlidingEntryNeverOutlivesItsMaximumLifetime()
    {
        var (factory, runs) = TestCaches.CountingFactory();
        var policy = CachePolicy.Sliding(TimeSpan.FromSeconds(2), maxLifetime: TimeSpan.FromSeconds(2.5));
        var valueKey = $"{Prefix}:{{capped}}";
        var stored = DateTimeOffset.UtcNow;
        await Cache.GetOrCreateAsync("capped", factory, policy);

        await Eventually.HoldsAsync(async () => await Redis.GetDatabase().KeyTimeToLiveAsync(valueKey) < TimeSpan.FromSeconds(1.2),
            TimeSpan.FromSeconds(5), "the window ran down past the point where a full window would outlast the maximum");
        await Cache.GetOrCreateAsync("capped", factory, policy);
        var left = await Redis.GetDatabase().KeyTimeToLiveAsync(valueKey);
        var capLeft = stored + TimeSpan.FromSeconds(2.5) - DateTimeOffset.UtcNow;

        Assert.True(left is null || left <= capLeft + TimeSpan.FromMilliseconds(50), $"{left} left, the maximum allows {capLeft}");
        await Eventually.HoldsAsync(async () => (await Cache.GetOrCreateAsync("capped", factory, policy)).Outcome == CacheOutcome.Miss,
            TimeSpan.FromSeconds(5), "reading all along, the entry is recomputed after its maximum lifetime");
        Assert.True(DateTimeOffset.UtcNow - stored >= TimeSpan.FromSeconds(2.4));
        Assert.Equal(2, runs());
    }

    [Fact]
    public async Task ReadsServedFromTheInProcessCopyStillSlideTheRedisEntry()
    {
        var (factory, runs) = TestCaches.CountingFactory();
        // A window of 2 s, so a pause of the test process under load (a busy machine) does not let the entry lapse.
        var policy = CachePolicy.Sliding(TimeSpan.FromSeconds(2)) with { UseL1 = true };
        var valueKey = $"{Prefix}:{{slid-by-copy}}";
        await Cache.GetOrCreateAsync("slid-by-copy", factory, policy);
        var reading = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = new HashSet<CacheOutcome>();

        while (reading.Elapsed < TimeSpan.FromSeconds(5))
        {
            outcomes.Add((await Cache.GetOrCreateAsync("slid-by-copy", factory, policy)).Outcome);
            await Task.Delay(10);
        }

        Assert.Contains(CacheOutcome.L1Hit, outcomes);
        Assert.DoesNotContain(CacheOutcome.Miss, outcomes);
        Assert.Equal(1, runs());
        Assert.True(await Redis.GetDatabase().KeyExistsAsync(valueKey), "2.5 windows later the Redis entry is still there");
    }

    [Fact]
    public async Task AnEntryKeptUntilInvalidatedHasNoExpiryAndGoesWhenInvalidated()
    {
        var (factory, runs) = TestCaches.CountingFactory();
        var policy = CachePolicy.UntilInvalidated();
        await Cache.GetOrCreateAsync("forever", factory, policy);

        Assert.Null(await Redis.GetDatabase().KeyTimeToLiveAsync($"{Prefix}:{{forever}}"));
        Assert.True(await Cache.InvalidateAsync("forever"));
        Assert.False(await Redis.GetDatabase().KeyExistsAsync($"{Prefix}:{{forever}}"));
        Assert.Equal(CacheOutcome.Miss, (await Cache.GetOrCreateAsync("forever", factory, policy)).Outcome);
        Assert.Equal(2, runs());
    }

    [Fact]
    public async Task ASafetyLifetimeBoundsAnEntryKeptUntilInvalidated()
    {
        var (factory, _) = TestCaches.CountingFactory();

        await Cache.GetOrCreateAsync("safety", factory, CachePolicy.UntilInvalidated(TimeSpan.FromMinutes(10)));

        Assert.InRange((await Redis.GetDatabase().KeyTimeToLiveAsync($"{Prefix}:{{safety}}"))!.Value,
            TimeSpan.FromMinutes(9.9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task TagInvalidationDropsEveryEntryWithTheTagAndNothingElse()
    {
        var (factory, _) = TestCaches.CountingFactory();
        var tagged = CachePolicy.Fixed(TimeSpan.FromMinutes(5)) with { Tags = ["tenant:tidewater", "doc:42"] };
        await Cache.GetOrCreateAsync("a", factory, tagged);
        await Cache.GetOrCreateAsync("b", factory, tagged with { Tags = ["tenant:tidewater"] });
        await Cache.GetOrCreateAsync("c", factory, tagged with { Tags = ["tenant:beancraft"] });

        var deleted = await Cache.InvalidateTagAsync("tenant:tidewater");

        Assert.Equal(2, deleted);
        var database = Redis.GetDatabase();
        Assert.False(await database.KeyExistsAsync($"{Prefix}:{{a}}"));
        Assert.False(await database.KeyExistsAsync($"{Prefix}:{{b}}"));
        Assert.True(await database.KeyExistsAsync($"{Prefix}:{{c}}"));
        Assert.Equal(0, await Cache.InvalidateTagAsync("tenant:tidewater"));
    }

    [Fact]
    public async Task ATagSetLivesAsLongAsItsLongestLivedEntry()
    {
        var (factory, _) = TestCaches.CountingFactory();
        await Cache.GetOrCreateAsync("long", factory, CachePolicy.Fixed(TimeSpan.FromHours(1)) with { Tags = ["menu"] });
        await Cache.GetOrCreateAsync("short", factory, CachePolicy.Fixed(TimeSpan.FromSeconds(10)) with { Tags = ["menu"] });

        Assert.InRange((await Redis.GetDatabase().KeyTimeToLiveAsync($"{Prefix}-tag:{{menu}}"))!.Value,
            TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task ASlidingEntrysTagSetLastsAsLongAsReadingCanKeepTheEntry()
    {
        var (factory, _) = TestCaches.CountingFactory();
        await Cache.GetOrCreateAsync("capped", factory, CachePolicy.Sliding(TimeSpan.FromMinutes(1), maxLifetime: TimeSpan.FromHours(1)) with { Tags = ["menu"] });
        await Cache.GetOrCreateAsync("uncapped", factory, CachePolicy.Sliding(TimeSpan.FromMinutes(1)) with { Tags = ["specials"] });

        // Reads renew the entry's window, not its tag sets: a set that lasted one window would be gone while reads keep
        // the entry, and invalidating the tag would miss it.
        Assert.InRange((await Redis.GetDatabase().KeyTimeToLiveAsync($"{Prefix}-tag:{{menu}}"))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Null(await Redis.GetDatabase().KeyTimeToLiveAsync($"{Prefix}-tag:{{specials}}"));
        Assert.True(await Redis.GetDatabase().KeyExistsAsync($"{Prefix}-tag:{{specials}}"));
    }

    [Fact]
    public async Task AnEntryWithoutExpiryKeepsItsTagSetEvenAfterShorterLivedEntriesJoinIt()
    {
        var (factory, _) = TestCaches.CountingFactory();
        await Cache.GetOrCreateAsync("permanent", factory, CachePolicy.UntilInvalidated() with { Tags = ["policy"] });
        await Cache.GetOrCreateAsync("brief", factory, CachePolicy.Fixed(TimeSpan.FromSeconds(1)) with { Tags = ["policy"] });

        Assert.Null(await Redis.GetDatabase().KeyTimeToLiveAsync($"{Prefix}-tag:{{policy}}"));
        Assert.Equal(2, await Cache.InvalidateTagAsync("policy"));
        Assert.False(await Redis.GetDatabase().KeyExistsAsync($"{Prefix}:{{permanent}}"));
        Assert.False(await Redis.GetDatabase().KeyExistsAsync($"{Prefix}-tag:{{policy}}:permanent"));
    }

    [Fact]
    public async Task AValueOverTheSizeLimitIsRefusedAndNotStored()
    {
        using var small = TestCaches.Create(Redis, Prefix, options => options.MaxValueBytes = 100);

        var error = await Assert.ThrowsAsync<CacheValueTooLargeException>(async () =>
            await small.GetOrCreateAsync("big", _ => ValueTask.FromResult(new string('x', 1000)), CachePolicy.Fixed(TimeSpan.FromMinutes(1))));

        Assert.Equal((1002, 100), (error.SizeBytes, error.LimitBytes));
        Assert.Contains("'big'", error.Message, StringComparison.Ordinal);
        Assert.False(await Redis.GetDatabase().KeyExistsAsync($"{Prefix}:{{big}}"));
    }

    [Fact]
    public async Task EntryInfoShowsStrategyTimeLeftTagsAndAPreviewWithoutSliding()
    {
        var policy = CachePolicy.Sliding(TimeSpan.FromSeconds(60)) with { Tags = ["doc:7"] };
        await Cache.GetOrCreateAsync("info", _ => ValueTask.FromResult(new[] { 0.25f, 0.5f }), policy);

        var info = await Cache.GetEntryInfoAsync("info");

        Assert.NotNull(info);
        Assert.Equal(ExpirationStrategy.Sliding, info.Strategy);
        Assert.Equal("[0.25,0.5]", info.Preview);
        Assert.Equal(["doc:7"], info.Tags);
        Assert.InRange(info.TimeToLive!.Value, TimeSpan.FromSeconds(59), TimeSpan.FromSeconds(60));
        Assert.Null(await Cache.GetEntryInfoAsync("absent"));
    }

    [Fact]
    public async Task ConcurrentCallersInOneProcessShareOneFactoryRun()
    {
        var (factory, runs) = TestCaches.CountingFactory(TimeSpan.FromMilliseconds(200));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Cache.GetOrCreateAsync("shared", factory, CachePolicy.Fixed(TimeSpan.FromMinutes(1))).AsTask()));

        Assert.Equal(1, runs());
        Assert.All(results, result => Assert.Equal("value 1", result.Value));
    }
}
