namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A real redis-server and a real PostgreSQL with pgvector, shared by the integration tests of a collection: found the
/// way the AppHost finds them, started on free loopback ports with their files in temporary directories, and stopped
/// and deleted at the end. Tests use random keys and names so they never see each other's data.
/// </summary>
public sealed class LocalServersFixture : ISharedRedis, ISharedPostgres, IAsyncLifetime
{
    private RedisServer? redis;
    private PostgresServer? postgres;

    public string RedisConnectionString => redis!.ConnectionString;

    public string PostgresConnectionString => postgres!.ConnectionString;

    public async Task InitializeAsync()
    {
        var startRedis = RedisServer.StartAsync();
        var startPostgres = PostgresServer.StartAsync();
        redis = await startRedis;
        postgres = await startPostgres;
    }

    public async Task DisposeAsync()
    {
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalServersCollection : ICollectionFixture<LocalServersFixture>
{
    public const string Name = "Local servers";
}
