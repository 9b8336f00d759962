namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// One three-primary Redis Cluster shared by the cluster tests of a collection, started once and stopped at the end.
/// Tests use random prefixes, so their keys spread over the nodes and never meet another test's.
/// </summary>
public sealed class RedisClusterFixture : ISharedRedis, IAsyncLifetime
{
    private RedisClusterServer? cluster;

    public string RedisConnectionString => cluster!.ConnectionString;

    public async Task InitializeAsync() => cluster = await RedisClusterServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "Redis Cluster";
}
