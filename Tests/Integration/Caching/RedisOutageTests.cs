using System.Diagnostics;
using RedisAspire.Core.Caching;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Caching;

/// <summary>Each test owns its Redis, which it stops and starts; they run alone, as they bound how long calls wait.</summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class RedisOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer server = null!;
    private ConnectionMultiplexer redis = null!;
    private ResultCache cache = null!;

    public async Task InitializeAsync()
    {
        server = await RedisServer.StartAsync();
        redis = await ConnectionMultiplexer.ConnectAsync($"{server.ConnectionString},abortConnect=false,connectRetry=1");
        cache = TestCaches.Create(redis, TestCaches.NewPrefix(), options => options.CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(500));
    }

    public async Task DisposeAsync()
    {
        cache.Dispose();
        await redis.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task CallersKeepGettingValuesWhileRedisIsDownAndHitsReturnWhenItIsBack()
    {
        var policy = CachePolicy.Fixed(TimeSpan.FromMinutes(5));
        var (factory, _) = TestCaches.CountingFactory(TimeSpan.FromMilliseconds(5));
        var keys = Enumerable.Range(0, 20).Select(index => $"key-{index}").ToArray();
        foreach (var key in keys)
        {
            await cache.GetOrCreateAsync(key, factory, policy);
        }

        await server.StopAsync();
        var outage = Stopwatch.StartNew();
        var answeredDuringOutage = 0;
        var slowest = TimeSpan.Zero;
        while (outage.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var key in keys)
            {
                var call = Stopwatch.StartNew();
                var result = await cache.GetOrCreateAsync(key, factory, policy);
                Assert.NotNull(result.Value);
                answeredDuringOutage++;
                slowest = call.Elapsed > slowest ? call.Elapsed : slowest;
            }
        }

        var duringOutage = cache.Statistics.Snapshot();
        output.WriteLine($"Redis down: {answeredDuringOutage} calls answered, {duringOutage.Bypassed} by the factory alone, slowest call {slowest.TotalMilliseconds:0} ms");
        Assert.True(duringOutage.Bypassed > 0);
        // No call waited for the client's own timeout (5 s): a dead connection is skipped at once.
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"slowest call {slowest}");

        await server.StartAgainAsync();
        var recovered = await Eventually.HoldsAsync(async () =>
            (await cache.GetOrCreateAsync(keys[0], factory, policy)).Outcome == CacheOutcome.Hit,
            TimeSpan.FromSeconds(30), "hits come back after Redis restarts");
        output.WriteLine($"Hits were back {recovered.TotalMilliseconds:0} ms after Redis restarted.");
    }

    [Fact]
    public async Task WhenRedisStopsAnsweringTheCircuitOpensAndLaterCallsDoNotWait()
    {
        const int threshold = 3;
        var redisTimeout = TimeSpan.FromMilliseconds(200);
        using var guarded = TestCaches.Create(redis, TestCaches.NewPrefix(), options =>
        {
            options.RedisTimeout = redisTimeout;
            options.CircuitBreakerFailureThreshold = threshold;
            options.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
        });
        var policy = CachePolicy.Fixed(TimeSpan.FromMinutes(5));
        var (factory, _) = TestCaches.CountingFactory();
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{server.ConnectionString},allowAdmin=true");

        // The connection stays up but nothing is answered: every read would wait for its timeout.
        await admin.GetServers()[0].ExecuteAsync("CLIENT", "PAUSE", "4000", "ALL");
        var waited = 0;
        for (var call = 0; call < 20; call++)
        {
            var watch = Stopwatch.StartNew();
            var result = await guarded.GetOrCreateAsync($"paused-{call}", factory, policy);
            Assert.Equal(CacheOutcome.Bypassed, result.Outcome);
            waited += watch.Elapsed >= redisTimeout / 2 ? 1 : 0; // calls that skip Redis take about a millisecond
        }

        output.WriteLine($"{waited} of 20 calls waited for Redis before the circuit opened.");
        Assert.InRange(waited, threshold, threshold + 1); // one more only if a machine hiccup slows a bypassed call
        Assert.Equal(1, guarded.Statistics.Snapshot().CircuitOpenings);
    }

    [Fact]
    public async Task CopiesAreDroppedWhenThePubSubConnectionComesBack()
    {
        var policy = CachePolicy.Fixed(TimeSpan.FromMinutes(5)) with { UseL1 = true };
        var (factory, _) = TestCaches.CountingFactory();
        await cache.GetOrCreateAsync("copied", factory, policy);
        Assert.True(cache.HoldsCopy("copied"));

        // Ends the subscription connection, as a network blip would; invalidations sent meanwhile would be lost.
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{server.ConnectionString},allowAdmin=true");
        await admin.GetServers()[0].ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");

        await Eventually.HoldsAsync(() => Task.FromResult(!cache.HoldsCopy("copied")), TimeSpan.FromSeconds(15),
            "the copy is dropped once the subscription reconnects");
        Assert.Equal(0, cache.L1Count);
    }
}
