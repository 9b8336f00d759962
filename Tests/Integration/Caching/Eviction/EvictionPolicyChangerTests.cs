using RedisAspire.Core.Caching.Eviction;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Caching.Eviction;

/// <summary>
/// CONFIG SET on the real Redis 8 that the other tests share: every test that changes the policy or maxmemory puts the
/// original values back before it ends. Tests of one collection never run at the same time.
/// </summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class EvictionPolicyChangerTests(LocalServersFixture servers)
{
    private const long FourGibibytes = 4L * 1024 * 1024 * 1024;

    [Fact]
    public async Task AnAllowedChangeSetsThePolicyAndMaxMemoryAsTheReportReadsThemBack()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var changer = new EvictionPolicyChanger(redis, new CacheEvictionOptions { AllowPolicyChanges = true });
        var original = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
        var policy = original.Policy == EvictionPolicies.VolatileTtl ? EvictionPolicies.VolatileLfu : EvictionPolicies.VolatileTtl;
        // Far above what the tests use, so no other test's key is evicted meanwhile.
        var maxMemory = original.MaxMemoryBytes == FourGibibytes ? FourGibibytes * 2 : FourGibibytes;
        try
        {
            var returned = await changer.ChangeAsync(new EvictionPolicyChange(policy, maxMemory), timeout.Token);
            var changed = await RedisMemoryReport.ReadAsync(redis, timeout.Token);

            Assert.Equal((policy, maxMemory), (changed.Policy, changed.MaxMemoryBytes));
            Assert.Equal((policy, maxMemory), (returned.Policy, returned.MaxMemoryBytes));
        }
        finally
        {
            await changer.ChangeAsync(new EvictionPolicyChange(original.Policy, original.MaxMemoryBytes), CancellationToken.None);
        }

        var restored = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
        Assert.Equal((original.Policy, original.MaxMemoryBytes), (restored.Policy, restored.MaxMemoryBytes));
    }

    [Fact]
    public async Task AChangeWithoutMaxMemoryLeavesTheLimitAsItWas()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var changer = new EvictionPolicyChanger(redis, new CacheEvictionOptions { AllowPolicyChanges = true });
        var original = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
        try
        {
            await changer.ChangeAsync(new EvictionPolicyChange(EvictionPolicies.AllKeysLru, FourGibibytes), timeout.Token);
            await changer.ChangeAsync(new EvictionPolicyChange(EvictionPolicies.VolatileRandom), timeout.Token);
            var changed = await RedisMemoryReport.ReadAsync(redis, timeout.Token);

            Assert.Equal((EvictionPolicies.VolatileRandom, FourGibibytes), (changed.Policy, changed.MaxMemoryBytes));
        }
        finally
        {
            await changer.ChangeAsync(new EvictionPolicyChange(original.Policy, original.MaxMemoryBytes), CancellationToken.None);
        }
    }

    [Fact]
    public async Task UnderAllKeysLruARealPermanentKeyIsReportedAsEvictable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var changer = new EvictionPolicyChanger(redis, new CacheEvictionOptions { AllowPolicyChanges = true });
        var original = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
        var key = (RedisKey)$"eviction-test:{Guid.NewGuid():N}:hot-tier";
        try
        {
            await redis.GetDatabase().StringSetAsync(key, "vector");
            await changer.ChangeAsync(new EvictionPolicyChange(EvictionPolicies.AllKeysLru), timeout.Token);
            var underAllKeys = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
            await changer.ChangeAsync(new EvictionPolicyChange(EvictionPolicies.VolatileLru), timeout.Token);
            var underVolatile = await RedisMemoryReport.ReadAsync(redis, timeout.Token);

            Assert.Contains(EvictionAdvisor.Advise(underAllKeys), finding => finding.Code == EvictionAdvisor.Codes.PermanentKeysEvictable);
            Assert.DoesNotContain(EvictionAdvisor.Advise(underVolatile), finding => finding.Code == EvictionAdvisor.Codes.PermanentKeysEvictable);
        }
        finally
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
            await changer.ChangeAsync(new EvictionPolicyChange(original.Policy, original.MaxMemoryBytes), CancellationToken.None);
        }
    }

    [Fact]
    public async Task AChangeWhenPolicyChangesAreNotAllowedIsRefusedWithoutRunningConfigSet()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var changer = new EvictionPolicyChanger(redis, new CacheEvictionOptions { AllowPolicyChanges = false });
        var before = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
        var configSetCallsBefore = await ConfigSetCallsAsync();
        var policy = before.Policy == EvictionPolicies.AllKeysRandom ? EvictionPolicies.VolatileTtl : EvictionPolicies.AllKeysRandom;

        await Assert.ThrowsAsync<EvictionPolicyChangeNotAllowedException>(
            () => changer.ChangeAsync(new EvictionPolicyChange(policy, FourGibibytes), timeout.Token));

        var after = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
        Assert.Equal((before.Policy, before.MaxMemoryBytes), (after.Policy, after.MaxMemoryBytes));
        Assert.Equal(configSetCallsBefore, await ConfigSetCallsAsync());
    }

    [Fact]
    public async Task TheCommandStatisticsUsedAboveDoSeeAConfigSet()
    {
        // Guards the test above: if CONFIG SET were not counted where it looks, it could never fail.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var changer = new EvictionPolicyChanger(redis, new CacheEvictionOptions { AllowPolicyChanges = true });
        var original = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
        var callsBefore = await ConfigSetCallsAsync();

        await changer.ChangeAsync(new EvictionPolicyChange(original.Policy), timeout.Token);

        Assert.NotEqual(callsBefore, await ConfigSetCallsAsync());
    }

    /// <summary>The <c>cmdstat_config|set</c> line of <c>INFO commandstats</c> (calls, rejected calls), or null before any.</summary>
    private async Task<string?> ConfigSetCallsAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString + ",allowAdmin=true");
        var fields = RedisInfoParser.ParseFields(await admin.GetServers()[0].InfoRawAsync("commandstats") ?? "");
        return fields.TryGetValue("cmdstat_config|set", out var line)
            ? string.Join(',', line.Split(',').Where(pair => pair.StartsWith("calls=", StringComparison.Ordinal) || pair.Contains("_calls=", StringComparison.Ordinal)))
            : null;
    }
}
