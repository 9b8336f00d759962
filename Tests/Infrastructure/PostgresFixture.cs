namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL with pgvector for one test class, for classes whose Redis comes from elsewhere (a cluster's
/// collection): started on a free loopback port with its files in a temporary directory, stopped and deleted after.
/// </summary>
public sealed class PostgresFixture : ISharedPostgres, IAsyncLifetime
{
    private PostgresServer? postgres;

    public string PostgresConnectionString => postgres!.ConnectionString;

    public async Task InitializeAsync() => postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}
