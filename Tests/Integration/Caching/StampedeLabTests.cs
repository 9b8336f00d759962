using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Caching;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Caching;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class StampedeLabTests(LocalServersFixture servers) : IAsyncLifetime
{
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync() => redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Theory]
    [InlineData(StampedeProtection.DistributedLock, 1)]
    [InlineData(StampedeProtection.None, 4)]
    public async Task TheLabCountsFactoryRunsAcrossItsReplicas(StampedeProtection protection, int expectedRuns)
    {
        var lab = new StampedeLab(
            redis, new SharedConnectionSubscriptions(redis), new SystemTextJsonCacheSerializer(), Options.Create(new ResultCacheOptions { KeyPrefix = TestCaches.NewPrefix() }),
            TimeProvider.System, NullLoggerFactory.Instance);

        var result = await lab.RunAsync(new StampedeLabRun(200, 4, 100, protection, UseL1: false), CancellationToken.None);

        Assert.Equal(expectedRuns, result.FactoryRuns);
        Assert.Equal(200, result.Outcomes.Values.Sum());
        Assert.True(result.P50Milliseconds <= result.P99Milliseconds && result.P99Milliseconds <= result.MaxMilliseconds);
    }

    [Fact]
    public async Task ADisposedCacheStopsListeningOnASharedConnection()
    {
        var prefix = TestCaches.NewPrefix();
        var disposed = TestCaches.Create(redis, prefix);
        disposed.Dispose();
        using var live = TestCaches.Create(redis, prefix);

        // Subscribing completes in the background: an invalidation sent before it is active is not heard by anyone, so it
        // is sent until heard. A subscription the disposed cache's unsubscribe took away would never hear it.
        await Eventually.HoldsAsync(
            async () =>
            {
                await live.InvalidateAsync("anything");
                await Task.Delay(TimeSpan.FromMilliseconds(50));
                return live.Statistics.Snapshot().InvalidationsReceived >= 1;
            },
            TimeSpan.FromSeconds(5), "the live cache heard its own invalidation");
        Assert.Equal(0, disposed.Statistics.Snapshot().InvalidationsReceived);
    }
}
