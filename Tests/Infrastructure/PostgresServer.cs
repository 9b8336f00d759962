using Npgsql;
using RedisAspire.AppHost.DataServers;
using RedisAspire.AppHost.LocalServers;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>A real PostgreSQL with pgvector for tests, on a free loopback port, with a database created for them.</summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly TemporaryDirectory dataDirectory = new();
    private readonly ServerProcess process;
    private readonly string serverConnectionString;

    private PostgresServer()
    {
        var postgres = LocalInstallations.Postgres;
        var cluster = new PostgresCluster(
            postgres, ServerDataLayout.Prepare(postgres.Root, dataDirectory.Path, "postgres"), LocalInstallations.Processes);
        var password = cluster.EnsureInitialized();
        process = new ServerProcess(cluster.ServerCommandBeforePort(), ServerProcess.FreePort());
        serverConnectionString = $"Host=127.0.0.1;Port={process.Port};Username=postgres;Password={password}";
        ConnectionString = $"{serverConnectionString};Database=tests";
    }

    /// <summary>Npgsql form, for the database <c>tests</c> with the <c>vector</c> extension.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        using var deadline = new CancellationTokenSource(StartDeadline);
        await server.StartAgainAsync(deadline.Token);
        await VectorDatabaseBootstrap.EnsureDatabaseAsync(server.serverConnectionString, "tests", deadline.Token);
        return server;
    }

    /// <summary>Starts the server (again) on its port, with the data it had, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        process.Start();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartDeadline);
        while (true)
        {
            try
            {
                // Unpooled: an idle pooled session from before a stop would "open" without reaching the new server.
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(deadline.Token);
                return;
            }
            catch (NpgsqlException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Stops the server as an outage would, ending its clients' sessions (a fast shutdown, SIGINT: on SIGTERM it would
    /// wait for pooled connections to close); its data stays for <see cref="StartAgainAsync"/>.
    /// </summary>
    public Task StopAsync() => process.StopAsync("INT");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await process.DisposeAsync();
        await ServerDataCleanup.DeleteAfterShutdownAsync(dataDirectory.Path);
        dataDirectory.Dispose();
    }
}
