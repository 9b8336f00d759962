using RedisAspire.Core.Caching.Eviction;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Cluster;

/// <summary>
/// The eviction report and policy change on a cluster that shows its shards: every primary is read and changed, not the
/// first one only. The policy is put back before each test ends; tests of one collection never run at the same time.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterEvictionTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync() => redis = await ConnectionMultiplexer.ConnectAsync(cluster.RedisConnectionString);

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Fact]
    public async Task TheReportCountsTheKeysOfEveryShard()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var prefix = TestCaches.NewPrefix();
        // Keys without a hash tag spread over the three primaries.
        await Task.WhenAll(Enumerable.Range(0, 30).Select(index => redis.GetDatabase().StringSetAsync($"{prefix}-{index}", "x", TimeSpan.FromMinutes(5))));

        var report = await RedisMemoryReport.ReadAsync(redis, timeout.Token);

        var primaries = redis.GetServers().Where(server => !server.IsReplica).ToArray();
        long keys = 0;
        foreach (var primary in primaries)
        {
            keys += await primary.DatabaseSizeAsync();
        }

        Assert.Equal(3, report.Shards.Count);
        Assert.Equal(keys, report.Keys);
        Assert.True(report.Shards.All(shard => shard.KeysWithTtl > 0), "a shard's keys with a TTL are missing from the report");
    }

    [Fact]
    public async Task APolicyChangeSetsEveryPrimary()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var changer = new EvictionPolicyChanger(redis, new CacheEvictionOptions { AllowPolicyChanges = true });
        var original = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
        var before = Assert.Single(original.Shards.Select(shard => (shard.Policy, shard.MaxMemoryBytes)).Distinct());
        var policy = before.Policy == EvictionPolicies.VolatileTtl ? EvictionPolicies.VolatileLfu : EvictionPolicies.VolatileTtl;
        try
        {
            var returned = await changer.ChangeAsync(new EvictionPolicyChange(policy, MaxMemoryBytes: null), timeout.Token);

            await using var admin = await ConnectionMultiplexer.ConnectAsync(cluster.RedisConnectionString + ",allowAdmin=true");
            var primaries = admin.GetServers().Where(server => !server.IsReplica).ToArray();
            Assert.Equal(3, primaries.Length);
            foreach (var primary in primaries)
            {
                Assert.Equal(policy, (await RedisMemoryReport.ReadAsync(primary, timeout.Token)).Policy);
            }

            Assert.All(returned.Shards, shard => Assert.Equal((policy, before.MaxMemoryBytes), (shard.Policy, shard.MaxMemoryBytes)));
            Assert.DoesNotContain(EvictionAdvisor.Advise(returned), finding => finding.Code == EvictionAdvisor.Codes.ShardPoliciesDiffer);
        }
        finally
        {
            await changer.ChangeAsync(new EvictionPolicyChange(before.Policy, before.MaxMemoryBytes), CancellationToken.None);
        }
    }
}
