using RedisAspire.Core.Caching.Eviction;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Caching.Eviction;

/// <summary>The report read from a real Redis 8. Other tests share the server, so key counts are compared as differences.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class RedisMemoryReportTests(LocalServersFixture servers)
{
    [Fact]
    public async Task KeysWrittenWithAndWithoutATtlAreCountedAsSuch()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var database = redis.GetDatabase();
        var prefix = $"eviction-test:{Guid.NewGuid():N}";
        RedisKey[] permanent = [$"{prefix}:permanent:1", $"{prefix}:permanent:2", $"{prefix}:permanent:3"];
        RedisKey[] expiring = [$"{prefix}:expiring:1", $"{prefix}:expiring:2"];
        try
        {
            var before = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
            foreach (var key in permanent)
            {
                await database.StringSetAsync(key, "value");
            }

            foreach (var key in expiring)
            {
                await database.StringSetAsync(key, "value", TimeSpan.FromMinutes(10));
            }

            var written = await RedisMemoryReport.ReadAsync(redis, timeout.Token);
            await database.KeyExpireAsync(permanent[0], TimeSpan.FromMinutes(10));
            var oneMoreExpiring = await RedisMemoryReport.ReadAsync(redis, timeout.Token);

            Assert.True(written.KeysWithoutTtl - before.KeysWithoutTtl >= 3, $"without TTL: {before.KeysWithoutTtl} -> {written.KeysWithoutTtl}");
            Assert.True(written.KeysWithTtl - before.KeysWithTtl >= 2, $"with TTL: {before.KeysWithTtl} -> {written.KeysWithTtl}");
            Assert.True(written.Keys - before.Keys >= 5, $"keys: {before.Keys} -> {written.Keys}");
            Assert.Contains(written.Databases, db => db.Database == 0);
            Assert.True(oneMoreExpiring.KeysWithTtl - written.KeysWithTtl >= 1, $"with TTL after EXPIRE: {written.KeysWithTtl} -> {oneMoreExpiring.KeysWithTtl}");
            Assert.True(written.KeysWithoutTtl - oneMoreExpiring.KeysWithoutTtl >= 1, $"without TTL after EXPIRE: {written.KeysWithoutTtl} -> {oneMoreExpiring.KeysWithoutTtl}");
        }
        finally
        {
            await database.KeyDeleteAsync([.. permanent, .. expiring]);
        }
    }

    [Fact]
    public async Task TheLimitAndPolicyReadThroughInfoAreWhatConfigGetSays()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString + ",allowAdmin=true");
        var server = admin.GetServers()[0];

        var report = await RedisMemoryReport.ReadAsync(redis, timeout.Token);

        Assert.Equal((await server.ConfigGetAsync("maxmemory-policy")).Single().Value, report.Policy);
        Assert.Equal(long.Parse((await server.ConfigGetAsync("maxmemory")).Single().Value, System.Globalization.CultureInfo.InvariantCulture), report.MaxMemoryBytes);
        Assert.InRange(report.UsedMemoryBytes, 1, report.UsedMemoryPeakBytes);
        Assert.True(report.EvictedKeys >= 0 && report.ExpiredKeys >= 0);
    }

    [Fact]
    public async Task AConnectionWithoutAdminModeIsReadThroughACopyAndKeepsItsOwnSetting()
    {
        // The client refuses INFO without allowAdmin; the application's connection does not have it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        await Assert.ThrowsAsync<RedisCommandException>(() => redis.GetServers()[0].InfoRawAsync("memory"));

        var report = await RedisMemoryReport.ReadAsync(redis, timeout.Token);

        Assert.True(EvictionPolicies.IsKnown(report.Policy), report.Policy);
        Assert.False(ConfigurationOptions.Parse(redis.Configuration).AllowAdmin);
    }

    [Fact]
    public async Task AConnectionWithAdminModeIsReadDirectly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var admin = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString + ",allowAdmin=true");
        var server = admin.GetServers()[0];
        var clientsBefore = await ConnectedClientsAsync(server);

        var report = await RedisMemoryReport.ReadAsync(admin, timeout.Token);

        Assert.True(EvictionPolicies.IsKnown(report.Policy), report.Policy);
        Assert.Equal(clientsBefore, await ConnectedClientsAsync(server));
    }

    private static async Task<string?> ConnectedClientsAsync(IServer server) =>
        RedisInfoParser.ParseFields(await server.InfoRawAsync("clients") ?? "").GetValueOrDefault("total_connections_received");
}
