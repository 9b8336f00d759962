namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A redis-server, a PostgreSQL primary and a streaming read replica of it, of one test class's own: its tests may
/// stop the primary or pause the replica's replay without disturbing any other test. Tests use random names.
/// </summary>
public sealed class PrimaryAndReplicaFixture : IAsyncLifetime
{
    private RedisServer? redis;

    public string RedisConnectionString => redis!.ConnectionString;

    public PostgresServer Primary { get; private set; } = null!;

    public PostgresReplica Replica { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var startRedis = RedisServer.StartAsync();
        Primary = await PostgresServer.StartAsync();
        Replica = await PostgresReplica.StartAsync(Primary);
        redis = await startRedis;
    }

    public async Task DisposeAsync()
    {
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        // The replica first: stopped after its primary, it would keep trying to reconnect until it is killed.
        if (Replica is not null)
        {
            await Replica.DisposeAsync();
        }

        if (Primary is not null)
        {
            await Primary.DisposeAsync();
        }
    }
}
