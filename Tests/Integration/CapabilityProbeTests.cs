using Npgsql;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class CapabilityProbeTests(LocalServersFixture servers)
{
    [Fact]
    public async Task TheRedisProbeSeesRedis8WithVectorSets()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);

        var info = await RedisCapabilityProbe.ProbeAsync(redis, timeout.Token);

        Assert.True(info.Version >= RedisServerInfo.VectorSetsMinimumVersion, $"Redis {info.Version}");
        Assert.True(info.HasVectorSets);
        Assert.True(info.SupportsVectorSearch);
    }

    [Fact]
    public async Task TheRedisProbeLeavesNoKeyBehind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);

        await RedisCapabilityProbe.ProbeAsync(redis, timeout.Token);

        Assert.False(await redis.GetDatabase().KeyExistsAsync(RedisCapabilityProbe.ProbeKey));
    }

    [Fact]
    public async Task ThePostgresProbeSeesPgvectorCreatedInTheDatabase()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var dataSource = NpgsqlDataSource.Create(servers.PostgresConnectionString);

        var info = await PostgresCapabilityProbe.ProbeAsync(dataSource, timeout.Token);

        Assert.NotNull(info.PgvectorVersion);
        Assert.True(Version.Parse(info.PgvectorVersion) >= PostgresServerInfo.PgvectorMinimumVersion, $"pgvector {info.PgvectorVersion}");
        Assert.Equal(info.PgvectorVersion, info.PgvectorAvailableVersion);
        Assert.Matches(@"^\d+\.\d+", info.Version);
    }
}
